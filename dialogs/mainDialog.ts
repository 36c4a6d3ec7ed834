import { MessageFactory, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogSet,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { faqAskSchema, faqFeedbackSchema, faqNoneOfTheseSchema, faqOpenSchema, helpSchema } from '../cards/actions';
import { strings, taskStrings } from '../src/i18n';
import { localeLanguage } from '../src/knowledge/language';
import type { Language, TaskId } from '../src/knowledge/schema';
import { taskCard } from '../cards/taskCard';
import { CardRoutes } from './cardRoutes';
import { CardTaskDialog, staleTaskCard, type TaskOptions } from './cardTaskDialog';
import { bareText, commandLanguage, taskCommand } from './commands';
import { isGroupConversation, personalChatUrl } from './conversationScope';
import { finishedCard, type DialogStateStore } from './dialogState';
import { FaqReplies, type FaqRepliesDeps } from './faqReplies';
import { presentCard } from './presenter';
import { baseTaskVerbs, cardData, taskEnvelopeSchema, taskPressSchema, taskStartSchema } from './taskAction';
import { noteTurnLanguage } from './turnLanguage';

export const mainDialogId = 'mainDialog';

/**
 * Teams sends no message over about 28 KB, so longer text never came from someone typing in Teams. The limit is
 * in UTF-8 bytes, Teams' own unit: anything a Teams client can send stays under it, accents and emoji included,
 * while counting characters would let through up to four times as many bytes of emoji.
 */
export const maxMessageBytes = 28 * 1024;

export interface MainDialogDeps extends FaqRepliesDeps {
  /** The guided tasks, one dialog each, begun by typed commands or task.start buttons. */
  readonly tasks: readonly Dialog[];
  /** The bot's Microsoft App ID, for the link to its 1:1 chat (Teams' own id for the bot stands in when unset). */
  readonly botAppId?: string | undefined;
}

/** A task to begin, and the language to run it in. */
interface TaskStart {
  readonly task: TaskId;
  readonly language: Language;
}

/** The message text, trimmed, and as commands compare it: worked out once per turn. */
interface TurnText {
  readonly text: string;
  readonly bare: string;
}
const turnText = (context: TurnContext): TurnText => {
  const text = context.activity.text?.trim() ?? '';
  return { text, bare: bareText(text) };
};

/**
 * Routes every turn: card buttons by verb through one table, typed task commands, typed text for the open task,
 * and everything else to help, greetings and the FAQ, answered beside an open task (which stays open). The open
 * task is this dialog's inner dialog, so each turn begins this dialog (nothing open) or continues it.
 */
export class MainDialog extends ComponentDialog {
  private readonly faq: FaqReplies;
  private readonly routes: CardRoutes;

  constructor(private readonly deps: MainDialogDeps) {
    super(mainDialogId);
    this.faq = new FaqReplies(deps);
    for (const task of deps.tasks) this.addDialog(task);
    this.routes = this.cardRoutes();
  }

  /** The one table of card verbs: the FAQ cards', task.start, and every task card's. */
  private cardRoutes(): CardRoutes {
    const { faq } = this;
    const routes = new CardRoutes()
      .on('faq.ask', faqAskSchema, (dc, action) => faq.ask(dc.context, action))
      .on('faq.open', faqOpenSchema, (dc, action) => faq.open(dc.context, action))
      .on('faq.feedback', faqFeedbackSchema, (dc, action) => faq.feedback(dc.context, action))
      .on('faq.noneOfThese', faqNoneOfTheseSchema, (dc, action) => faq.noneOfThese(dc.context, action))
      .on('help', helpSchema, (dc, action) => faq.help(dc.context, action))
      .on('task.start', taskStartSchema, (dc, { task, lang }) =>
        this.startTask(dc, { task, language: lang ?? localeLanguage(dc.context.activity.locale) }),
      );
    const taskVerbs = this.deps.tasks.flatMap((task) => (task instanceof CardTaskDialog ? task.cardVerbs : []));
    for (const verb of new Set([...baseTaskVerbs, ...taskVerbs]))
      routes.on(verb, taskPressSchema, (dc, pressed) => this.continueTask(dc, pressed));
    return routes;
  }

  /**
   * Entry point from the bot, as in the core-bot sample: one dialog context a turn, which continues this
   * dialog when a task is open and begins it otherwise. The bot saves the state after the turn.
   */
  async run(context: TurnContext, dialogState: DialogStateStore): Promise<void> {
    const dialogSet = new DialogSet(dialogState.accessor);
    dialogSet.add(this);
    dialogState.useFor(context);
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
    await dialogState.keepFinished(context);
  }

  override onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.onTurn(innerDc);
  }

  override onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.onTurn(innerDc);
  }

  /** One turn; `dc` holds the open task, if any. */
  private async onTurn(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    // Before any other work on the text (commands, search, a model): only its size and language are read.
    const typed: unknown = context.activity.text;
    if (typeof typed === 'string' && Buffer.byteLength(typed, 'utf8') > maxMessageBytes) {
      return this.declineTooLong(dc, typed);
    }
    const said = turnText(context);
    const value: unknown = context.activity.value;
    if (!said.text && value !== undefined && value !== null) return this.onCardPress(dc);
    const own = (): Language => this.deps.engine.language(said.text, context.activity.locale);
    const start = taskCommand(said.bare, own);
    if (start) return this.startTask(dc, start);
    const open = dc.activeDialog;
    const task = open ? this.findDialog(open.id) : undefined;
    if (task instanceof CardTaskDialog && task.takesText(open, said.text, context)) return dc.continueDialog();
    // An empty message gets help, in the user's language.
    const help = said.bare === '' ? own() : commandLanguage('help', said.bare, own);
    const welcome = help ? undefined : commandLanguage('welcome', said.bare, own);
    if (help) await this.faq.welcome(context, help, 'help');
    else if (welcome) await this.faq.welcome(context, welcome, 'welcome');
    else await this.faq.answer(context, said.text, context.activity.locale);
    return this.endOfTurn(dc);
  }

  /** A message Teams could not have sent: one polite line in the user's language; an open task stays open. */
  private async declineTooLong(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    const { context } = dc;
    // The engine reads only the first few hundred characters to tell the language (boundedQuery).
    const language = this.deps.engine.language(text, context.activity.locale);
    this.deps.logger.debug({ bytes: Buffer.byteLength(text, 'utf8'), language }, 'message too long, declined');
    noteTurnLanguage(context, language);
    await context.sendActivity(strings[language].messageTooLong);
    return this.endOfTurn(dc);
  }

  /** A card button (Action.Execute or Action.Submit): its verb's route, or "that button is no longer valid". */
  private async onCardPress(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const data = cardData(context);
    const outcome = data ? await this.routes.dispatch(dc, data) : undefined;
    if (outcome?.kind === 'handled') return outcome.result ?? this.endOfTurn(dc);
    // A task card's button with a verb no task has (an older version's card) is still a press on that task.
    if (data && outcome?.kind === 'unrouted' && taskEnvelopeSchema.safeParse(data).success)
      return this.continueTask(dc, data);
    this.deps.logger.warn(
      {
        verb: typeof data?.verb === 'string' ? data.verb : undefined,
        issues: outcome?.kind === 'invalid' ? outcome.issues : 0,
      },
      'unrecognised card action',
    );
    await this.faq.staleButton(context, localeLanguage(context.activity.locale));
    return this.endOfTurn(dc);
  }

  /** Begins a task; an open one is closed first (its card loses its buttons) and the user told why. */
  private async startTask(dc: DialogContext, { task, language }: TaskStart): Promise<DialogTurnResult> {
    const { context } = dc;
    noteTurnLanguage(context, language);
    if (isGroupConversation(context)) return this.redirectTask(dc, { task, language });
    const open = dc.activeDialog;
    const openTask = open ? this.findDialog(open.id) : undefined;
    const closed = open && openTask instanceof CardTaskDialog ? openTask.closedText(language, open) : undefined;
    await dc.cancelAllDialogs();
    if (open && closed !== undefined) {
      const s = taskStrings[language];
      await context.sendActivity(
        s.closedOpenTask(s.taskTitles[open.id] ?? open.id, closed === s.cancelled ? undefined : closed),
      );
    }
    return dc.beginDialog(task, { language } satisfies TaskOptions);
  }

  /**
   * A task asked for in a group chat or channel: a link to the 1:1 chat, where the task's cards are the user's
   * alone. Nothing starts here, and a task already open in this conversation stays as it is.
   */
  private async redirectTask(dc: DialogContext, { task, language }: TaskStart): Promise<DialogTurnResult> {
    const s = taskStrings[language];
    const url = personalChatUrl(dc.context, this.deps.botAppId);
    const link = { title: s.openPersonalChat, url };
    const item = { title: s.groupTaskRedirect(s.taskTitles[task]), subtitle: '', facts: [], buttons: [] };
    const card = taskCard({ title: s.taskTitles[task], items: [{ ...item, links: [link], highlight: false }] });
    await dc.context.sendActivity(MessageFactory.attachment(card));
    return this.endOfTurn(dc);
  }

  /** A task card's button: the open task moves on, or the card is answered for a task that is over. */
  private async continueTask(dc: DialogContext, data: Readonly<Record<string, unknown>>): Promise<DialogTurnResult> {
    const { context } = dc;
    const open = dc.activeDialog;
    const task = open ? this.findDialog(open.id) : undefined;
    const pressed = taskEnvelopeSchema.safeParse(data);
    const openTaskId = task instanceof CardTaskDialog ? task.taskIdOf(open) : undefined;
    // A late click on a task that already ended (a double click on Confirm) gets that task's last card again.
    const finished =
      pressed.success && pressed.data.taskId !== openTaskId
        ? await finishedCard(context, pressed.data.taskId)
        : undefined;
    if (finished) await presentCard(context, finished);
    else if (task instanceof CardTaskDialog) return dc.continueDialog();
    else await presentCard(context, staleTaskCard(localeLanguage(context.activity.locale)));
    return this.endOfTurn(dc);
  }

  /** After a reply that moved no dialog: an open task stays open; with none, this dialog ends. */
  private endOfTurn(dc: DialogContext): DialogTurnResult {
    return dc.activeDialog ? Dialog.EndOfTurn : { status: DialogTurnStatus.complete };
  }
}
