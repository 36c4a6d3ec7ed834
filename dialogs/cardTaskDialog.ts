import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogReason,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { CardAttachment } from '../cards/render';
import { taskCard, type TaskCardData } from '../cards/taskCard';
import { noteFinishedTask } from './dialogState';
import { personOf, type Person } from './conversationScope';
import { actorOf, noticeToPresser, presentCard } from './presenter';
import { isOwnersTurn, ownerOf } from './taskOwner';
import { noteTurnLanguage } from './turnLanguage';
import { localeLanguage } from '../src/knowledge/language';
import { fallbackLanguage, type Language } from '../src/knowledge/schema';
import type { PartnerService } from '../src/services/partner/partnerService';
import type { ServiceError } from '../src/services/partner/result';
import type { Permission } from '../src/services/partner/schemas';
import { taskStrings } from '../src/i18n';
import { bareText, commandLanguage, isCommandWord } from './commands';
import { errorText } from './serviceErrors';
import { cardData, taskEnvelopeSchema, typedTextVerb, verbsOf, type VerbUnion } from './taskAction';
import { end, stay, type ActingTurn, type TaskTurn, type Transition } from './taskTurn';

interface TaskState<S> {
  readonly taskId: string;
  readonly language: Language;
  /** Who opened the task: only they move it on (absent in state saved before owners were kept). */
  readonly owner?: Person;
  state: S;
  history: S[];
  cardId: string | undefined;
}

/** Replaces a task card whose task is over (finished elsewhere, cancelled, or lost in a restart). */
export const staleTaskCard = (language: Language): CardAttachment =>
  taskCard({ title: taskStrings[language].staleTitle, text: taskStrings[language].staleCard });

export interface TaskOptions {
  readonly language: Language;
}

/**
 * Base of the guided tasks (the cancel-and-help pattern for cards, as core-bot's CancelAndHelpDialog): a task
 * is a small state machine whose every step is one card. Back and Cancel, and a typed "cancel", are handled
 * here for all tasks; a card from another task instance is refused as stale; a finished or cancelled task's
 * card is replaced by one without buttons, so nothing on it can be pressed again.
 */
export abstract class CardTaskDialog<S, A> extends ComponentDialog {
  /** The verbs of this task's own buttons (besides task.cancel and task.back), for the card routing table. */
  readonly cardVerbs: readonly string[];

  /**
   * @param submitSchema what this task's cards submit, one object per verb; anything else (an older card's
   *   shape, forged data) and anyone outside the directory gets "this card is out of date".
   */
  constructor(
    id: string,
    private readonly submitSchema: z.ZodType<A> & VerbUnion,
    protected readonly clock: () => Date,
    protected readonly logger: Logger,
  ) {
    super(id);
    this.cardVerbs = verbsOf(submitSchema);
  }

  /** The first step, or an immediate end (e.g. a refusal). */
  protected abstract start(turn: TaskTurn): Promise<Transition<S>>;
  /** The card for a state; `error` is shown on it when an input was refused. */
  protected abstract render(turn: TaskTurn, state: S, error?: string): Promise<Transition<S> | CardAttachment>;
  /** A button of this task was pressed, or text typed (verb `text`); already checked against the submit schema. */
  protected abstract act(turn: ActingTurn, state: S, action: A): Promise<Transition<S>>;
  /** Typed text while this step is shown; false when the step takes no text (the main dialog answers it). */
  acceptsText(_state: unknown): boolean {
    return false;
  }

  /** True when this task, open in `instance`, takes the typed text: a cancel word, or input its step asks for. */
  takesText(instance: DialogInstance | undefined, text: string, context: TurnContext): boolean {
    if (!text || !isOwnersTurn(ownerOf(instance?.state), context)) return false;
    return isCommandWord('cancel', bareText(text)) || this.acceptsText(this.stateOf(instance)?.state);
  }

  // The task keeps its state in its own dialog instance (no inner dialogs), so it overrides the
  // Dialog entry points rather than ComponentDialog's inner-context hooks.
  override async beginDialog(dc: DialogContext, options?: TaskOptions): Promise<DialogTurnResult> {
    const language = options?.language ?? fallbackLanguage;
    const owner = personOf(dc.context.activity.from);
    const task: TaskState<S | undefined> = {
      taskId: randomUUID(),
      language,
      ...(owner ? { owner } : {}),
      state: undefined,
      history: [],
      cardId: undefined,
    };
    const turn = this.turn(dc.context, task);
    return this.apply(dc, task, await this.start(turn), undefined);
  }

  // Typed cancel words interrupt first, as in CancelAndHelpDialog's onContinueDialog.
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const task = this.taskState(dc);
    if (!isOwnersTurn(task.owner, dc.context)) {
      // Someone else's card: they are told whose it is; the task, its state and its card stay as they were.
      const presser = localeLanguage(dc.context.activity.locale);
      await noticeToPresser(dc.context, taskStrings[presser].notYourCard(task.owner?.name ?? ''));
      return ComponentDialog.EndOfTurn;
    }
    const interrupted = await this.interrupt(dc, task);
    if (interrupted) return interrupted;
    const turn = this.turn(dc.context, task);
    noteTurnLanguage(dc.context, task.language);
    const data = cardData(dc.context);
    if (!data) {
      // Typed text while the card is shown (the main dialog only lets it through when takesText).
      return this.apply(
        dc,
        task,
        await this.actOn(turn, task.state, { verb: typedTextVerb, text: dc.context.activity.text ?? '' }),
        task.state,
      );
    }
    const envelope = taskEnvelopeSchema.safeParse(data);
    // Typed text's verb from a card is forged: the card is out of date like any other it does not know.
    if (!envelope.success || envelope.data.taskId !== task.taskId || envelope.data.verb === typedTextVerb) {
      // A card of an earlier task: close it, and leave the current task as it is.
      await presentCard(dc.context, staleTaskCard(task.language));
      return ComponentDialog.EndOfTurn;
    }
    switch (envelope.data.verb) {
      case 'task.cancel':
        await this.finish(dc.context, task, this.final(task.language, this.cancelledText(task.language, task.state)));
        return dc.endDialog();
      case 'task.back': {
        const previous = task.history.pop();
        if (previous === undefined) return this.show(dc, task, undefined);
        task.state = previous;
        return this.show(dc, task, undefined);
      }
      default:
        return this.apply(dc, task, await this.actOn(turn, task.state, envelope.data), task.state);
    }
  }

  /** A typed cancel word: the card is closed, the user told (in the language of the word), the task ended. */
  private async interrupt(dc: DialogContext, task: TaskState<S>): Promise<DialogTurnResult | undefined> {
    const { context } = dc;
    const text = context.activity.text?.trim() ?? '';
    // A word that several languages list ("stop") answers in the user's.
    const own = (): Language => localeLanguage(context.activity.locale);
    const language = text ? commandLanguage('cancel', bareText(text), own) : undefined;
    if (!language) return undefined;
    await this.closeCard(context, task);
    noteTurnLanguage(context, language);
    await context.sendActivity(taskStrings[language].cancelledReply);
    return dc.endDialog();
  }

  private async actOn(turn: TaskTurn, state: S, data: Readonly<Record<string, unknown>>): Promise<Transition<S>> {
    const action = this.submitSchema.safeParse(data);
    const { actor } = turn;
    if (!action.success || !actor) return stay(taskStrings[turn.language].staleCard);
    return this.act({ ...turn, actor }, state, action.data);
  }

  /** Cancelled from outside (another task started): take the buttons off its card. */
  override async endDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    const task = this.stateOf(instance);
    if (reason === DialogReason.cancelCalled && task) await this.closeCard(context, task);
  }

  /** Ended from outside its buttons: the task's card (if it has one yet) loses them and says it was cancelled. */
  private async closeCard(context: TurnContext, task: TaskState<S>): Promise<void> {
    if (task.cardId)
      await this.finish(context, task, this.final(task.language, this.cancelledText(task.language, task.state)));
  }

  /**
   * What a cancelled task's card and reply say. "Nothing was changed" holds for tasks whose only change is their
   * last step; a task that changes things on the way (renewal reminders) says what stays.
   */
  cancelledText(language: Language, _state: S | undefined): string {
    return taskStrings[language].cancelled;
  }

  /** What the cancelled card of this dialog instance says (the main dialog repeats it when another task closes it). */
  closedText(language: Language, instance: DialogInstance | undefined): string {
    return this.cancelledText(language, this.stateOf(instance)?.state);
  }

  /** The task instance that a dialog instance of this task holds, if any (to tell its cards from others'). */
  taskIdOf(instance: DialogInstance | undefined): string | undefined {
    return this.stateOf(instance)?.taskId;
  }

  /** Shows the task's last card and remembers it, so a late click on the task's card gets it again. */
  private async finish(context: TurnContext, task: TaskState<unknown>, card: CardAttachment): Promise<void> {
    await presentCard(context, card, task.cardId);
    noteFinishedTask(context, { taskId: task.taskId, card });
  }

  /** A card with no buttons: a task's last word (done, refused, cancelled). */
  protected final(language: Language, text: string, notice = ''): CardAttachment {
    return taskCard({ title: taskStrings[language].taskTitles[this.id] ?? '', text, notice });
  }

  /** One step's card, titled with the task and "Step n of total". */
  protected stepCard(
    language: Language,
    step: number,
    total: number,
    data: Partial<Omit<TaskCardData, 'title' | 'step'>>,
  ): CardAttachment {
    return taskCard({
      ...data,
      title: taskStrings[language].taskTitles[this.id] ?? '',
      step: taskStrings[language].step(step, total),
    });
  }

  /** Ends the task with the sentence for an expected service failure. */
  protected failed(language: Language, error: ServiceError): Transition<S> {
    return end(this.final(language, errorText(error, language)));
  }

  /**
   * Ends the task at once when the user is not in the directory or lacks the permission (the roles
   * needed and the Global admins are named); undefined when they may go on.
   */
  protected async refusal(
    turn: TaskTurn,
    partner: PartnerService,
    permission?: Permission,
  ): Promise<Transition<S> | undefined> {
    if (!turn.actor) return end(this.final(turn.language, taskStrings[turn.language].notInDirectory));
    if (!permission) return undefined;
    const allowed = await partner.authorize(turn.actor, permission);
    return allowed.ok ? undefined : this.failed(turn.language, allowed.error);
  }

  private async apply(
    dc: DialogContext,
    task: TaskState<S | undefined>,
    next: Transition<S>,
    from: S | undefined,
  ): Promise<DialogTurnResult> {
    switch (next.kind) {
      case 'end':
        await this.finish(dc.context, task, next.card);
        return dc.endDialog();
      case 'stay':
        if (next.state !== undefined) task.state = next.state;
        return this.show(dc, task, next.error);
      case 'to':
        if (from !== undefined) task.history.push(next.back ?? from);
        task.state = next.state;
        return this.show(dc, task, undefined);
    }
  }

  private async show(
    dc: DialogContext,
    task: TaskState<S | undefined>,
    error: string | undefined,
  ): Promise<DialogTurnResult> {
    if (task.state === undefined) return dc.endDialog();
    const rendered = await this.render(this.turn(dc.context, task), task.state, error);
    if ('kind' in rendered) return this.apply(dc, task, rendered, undefined);
    task.cardId = await presentCard(dc.context, rendered, task.cardId);
    if (dc.activeDialog) dc.activeDialog.state = task;
    return ComponentDialog.EndOfTurn;
  }

  private turn(context: TurnContext, task: TaskState<unknown>): TaskTurn {
    return {
      context,
      actor: actorOf(context),
      language: task.language,
      taskId: task.taskId,
      today: this.clock().toISOString().slice(0, 10),
    };
  }

  private taskState(dc: DialogContext): TaskState<S> {
    const task = this.stateOf(dc.activeDialog);
    if (!task) throw new Error(`${this.id}: no task state`);
    return task;
  }

  private stateOf(instance: DialogInstance | undefined): TaskState<S> | undefined {
    const state: unknown = instance?.state;
    // Our own JSON, written by show(); only its shape marker is checked.
    return typeof state === 'object' && state !== null && 'taskId' in state ? (state as TaskState<S>) : undefined;
  }
}
