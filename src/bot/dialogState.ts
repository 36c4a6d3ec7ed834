import { ConversationState, type StatePropertyAccessor, type Storage, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { CardAttachment } from '../../cards/render';

/** A task instance that ended, and the last card it showed (done, refused, cancelled). */
export interface FinishedTask {
  readonly taskId: string;
  readonly card: CardAttachment;
}

const finishedKey = Symbol('finishedTasks');
/** How many finished tasks a conversation remembers: enough for a double click, not a history. */
const keptFinished = 5;

/** Notes, during a turn, that a task ended on this card; `DialogStateStore.keepFinished` stores it. */
export function noteFinishedTask(context: TurnContext, finished: FinishedTask): void {
  const noted: unknown = context.turnState.get(finishedKey);
  context.turnState.set(finishedKey, [...(Array.isArray(noted) ? (noted as FinishedTask[]) : []), finished]);
}

const isFinishedList = (value: unknown): value is FinishedTask[] =>
  Array.isArray(value) && value.every((f) => typeof f === 'object' && f !== null && typeof (f as { taskId?: unknown }).taskId === 'string' && 'card' in f);

/**
 * Each conversation's dialog stack, in botbuilder's ConversationState. A stack is stored only while a
 * task is open: `release` removes it when the last dialog ends. So `idle` can tell from one storage key
 * that a turn has nothing to continue, and a one-turn question skips BotState's load (a copy and a
 * SHA-256 change hash) and its save (a second hash): about 10 µs a turn.
 */
export class DialogStateStore {
  readonly state: ConversationState;
  readonly accessor: StatePropertyAccessor<DialogState>;

  constructor(private readonly storage: Storage) {
    this.state = new ConversationState(storage);
    this.accessor = this.state.createProperty<DialogState>('dialogState');
  }

  /** True when nothing is stored for this conversation: no task is open. */
  async idle(context: TurnContext): Promise<boolean> {
    const key = this.state.getStorageKey(context);
    if (key === undefined) return true;
    const items = await this.storage.read([key]);
    return items[key] === undefined;
  }

  /** Forgets the conversation's stack (no dialog left open, or a failed turn), so its next turns are idle. */
  release(context: TurnContext): Promise<void> {
    return this.state.delete(context);
  }

  /**
   * The last card of a recently finished task instance, to answer a late click on it (a double click on
   * Confirm arrives after the task ended). Kept under its own key, so that `idle` stays one read.
   */
  async finishedCard(context: TurnContext, taskId: string): Promise<CardAttachment | undefined> {
    const key = this.finishedStorageKey(context);
    if (key === undefined) return undefined;
    const stored: unknown = (await this.storage.read([key]))[key]?.tasks;
    return isFinishedList(stored) ? stored.find((f) => f.taskId === taskId)?.card : undefined;
  }

  /** Stores the tasks that finished in this turn (noteFinishedTask), keeping the most recent few. */
  async keepFinished(context: TurnContext): Promise<void> {
    const noted: unknown = context.turnState.get(finishedKey);
    const key = this.finishedStorageKey(context);
    if (!isFinishedList(noted) || noted.length === 0 || key === undefined) return;
    context.turnState.delete(finishedKey);
    const stored: unknown = (await this.storage.read([key]))[key]?.tasks;
    const earlier = isFinishedList(stored) ? stored.filter((f) => !noted.some((n) => n.taskId === f.taskId)) : [];
    await this.storage.write({ [key]: { tasks: [...earlier, ...noted].slice(-keptFinished), eTag: '*' } });
  }

  private finishedStorageKey(context: TurnContext): string | undefined {
    const key = this.state.getStorageKey(context);
    return key === undefined ? undefined : `${key}/finishedTasks`;
  }

  /** Writes the stack if this turn changed it (as the core-bot sample saves after every turn). */
  save(context: TurnContext): Promise<void> {
    return this.state.saveChanges(context, false);
  }
}
