import { ConversationState, type StatePropertyAccessor, type Storage, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { CardAttachment } from '../cards/render';

/** A task instance that ended, and the last card it showed (done, refused, cancelled). */
export interface FinishedTask {
  readonly taskId: string;
  readonly card: CardAttachment;
}

const finishedKey = Symbol('finishedTasks');
const storeKey = Symbol('dialogStateStore');
/** How many finished tasks a conversation remembers: enough for a double click, not a history. */
const keptFinished = 5;

/** Notes, during a turn, that a task ended on this card; `DialogStateStore.keepFinished` stores it. */
export function noteFinishedTask(context: TurnContext, finished: FinishedTask): void {
  const noted: unknown = context.turnState.get(finishedKey);
  context.turnState.set(finishedKey, [...(Array.isArray(noted) ? (noted as FinishedTask[]) : []), finished]);
}

const isFinishedList = (value: unknown): value is FinishedTask[] =>
  Array.isArray(value) &&
  value.every(
    (f) => typeof f === 'object' && f !== null && typeof (f as { taskId?: unknown }).taskId === 'string' && 'card' in f,
  );

/**
 * Each conversation's state in botbuilder's ConversationState, as in the core-bot sample: the dialog
 * stack, and the last cards of recently finished tasks (to answer a late click on one). The bot loads
 * it with the dialog context and saves it after every turn.
 */
export class DialogStateStore {
  readonly state: ConversationState;
  readonly accessor: StatePropertyAccessor<DialogState>;
  private readonly finished: StatePropertyAccessor<FinishedTask[]>;
  private readonly welcomed: StatePropertyAccessor<boolean>;

  constructor(storage: Storage) {
    this.state = new ConversationState(storage);
    this.accessor = this.state.createProperty<DialogState>('dialogState');
    this.finished = this.state.createProperty<FinishedTask[]>('finishedTasks');
    this.welcomed = this.state.createProperty<boolean>('welcomed');
  }

  /**
   * True the first time the bot is added to this conversation, and noted so: Teams may send membersAdded for
   * the bot again (a retry, an app update), and the welcome is once per install.
   */
  async firstInstall(context: TurnContext): Promise<boolean> {
    if ((await this.welcomed.get(context)) === true) return false;
    await this.welcomed.set(context, true);
    return true;
  }

  /** The bot was removed from the conversation: adding it again is a new install, welcomed again. */
  uninstalled(context: TurnContext): Promise<void> {
    return this.welcomed.delete(context);
  }

  /** True when the conversation's stored state has a dialog on its stack (a task is open). */
  async hasActiveDialog(context: TurnContext): Promise<boolean> {
    const dialogState = await this.accessor.get(context);
    return (dialogState?.dialogStack.length ?? 0) > 0;
  }

  /** Forgets the conversation's state (after a failed turn, so the next message starts clean). */
  clear(context: TurnContext): Promise<void> {
    return this.state.delete(context);
  }

  /** Makes this store the one the turn's dialogs read finished tasks from (finishedCard below). */
  useFor(context: TurnContext): void {
    context.turnState.set(storeKey, this);
  }

  /** The last card of a recently finished task instance (a double click on Confirm arrives after it ended). */
  async finishedCard(context: TurnContext, taskId: string): Promise<CardAttachment | undefined> {
    const stored: unknown = await this.finished.get(context);
    return isFinishedList(stored) ? stored.find((f) => f.taskId === taskId)?.card : undefined;
  }

  /** Puts the tasks that finished in this turn (noteFinishedTask) into the state, keeping the most recent few. */
  async keepFinished(context: TurnContext): Promise<void> {
    const noted: unknown = context.turnState.get(finishedKey);
    if (!isFinishedList(noted) || noted.length === 0) return;
    context.turnState.delete(finishedKey);
    const stored: unknown = await this.finished.get(context);
    const earlier = isFinishedList(stored) ? stored.filter((f) => !noted.some((n) => n.taskId === f.taskId)) : [];
    await this.finished.set(context, [...earlier, ...noted].slice(-keptFinished));
  }

  /** Writes the state if this turn changed it (the bot calls it after every turn). */
  save(context: TurnContext): Promise<void> {
    return this.state.saveChanges(context, false);
  }
}

/**
 * The last card of a recently finished task, from the store the turn's state is in (a per-turn service in
 * turnState, as botbuilder passes conversation state to dialogs); none when no store was set for the turn.
 */
export function finishedCard(context: TurnContext, taskId: string): Promise<CardAttachment | undefined> {
  const store: unknown = context.turnState.get(storeKey);
  return store instanceof DialogStateStore ? store.finishedCard(context, taskId) : Promise.resolve(undefined);
}
