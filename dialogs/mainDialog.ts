import { MessageFactory, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  WaterfallDialog,
  type Dialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import { cardActionSchema, type CardAction } from '../cards/actions';
import { welcomeCard } from '../cards/welcomeCard';
import { ReplyActivities, typingActivity } from './replies';
import { strings } from '../src/i18n';
import type { FaqEngine } from '../src/knowledge/faqEngine';
import { localeLanguage } from '../src/knowledge/language';
import type { Language, TaskId } from '../src/knowledge/schema';
import { fold } from '../src/knowledge/text';
import type { AnswerService } from '../src/services/answerService';
import type { FeedbackStore } from '../src/services/feedbackStore';
import type { DialogStateStore } from './dialogState';
import { presentCard } from './presenter';
import { noteTurnLanguage } from './turnLanguage';
import { taskStrings } from '../src/i18n';
import { CardTaskDialog, staleTaskCard, type TaskOptions } from './cardTaskDialog';
import { cardData, isTaskVerb, taskEnvelopeSchema, taskStartSchema } from './taskAction';

export const mainDialogId = 'mainDialog';
const routeDialogId = 'route';

export interface MainDialogDeps {
  readonly engine: FaqEngine;
  readonly answers: AnswerService;
  readonly feedback: FeedbackStore;
  readonly logger: Logger;
  /** The guided tasks, one dialog each, begun by typed commands or task.start buttons. */
  readonly tasks: readonly Dialog[];
}

interface MainOptions {
  readonly task?: TaskId;
  readonly language?: Language;
}

/** Typed commands. A French word answers in French; the others in the user's language. */
const commands: readonly { readonly card: 'help' | 'welcome'; readonly french: boolean; readonly pattern: RegExp }[] = [
  { card: 'help', french: false, pattern: /^(help|menu|commands?|what can you do)?$/ },
  { card: 'help', french: true, pattern: /^(aide|commandes?|que (sais|peux)[- ]tu faire)$/ },
  { card: 'welcome', french: false, pattern: /^(hi|hello|hey|good morning)$/ },
  { card: 'welcome', french: true, pattern: /^(bonjour|salut|bonsoir|coucou)$/ },
];

/** Typed task commands, imperative or a bare topic; "how do I assign Visual Studio?" stays a FAQ question. */
const taskCommands: readonly { readonly task: TaskId; readonly french: boolean; readonly pattern: RegExp }[] = [
  {
    task: 'activate-technical-benefit',
    french: false,
    pattern: /^(please )?activate (a |my |our |the )?(technical |tech )?(benefits?|support)( please)?$/,
  },
  {
    task: 'activate-technical-benefit',
    french: true,
    pattern: /^activer (les |un |mes |nos |l')?(avantages? techniques?|support)$/,
  },
  {
    task: 'assign-visual-studio',
    french: false,
    pattern: /^(please )?(re)?assign (a |an )?(visual studio|vs)( (subscriptions?|licen[cs]es?|seats?))?( please)?$/,
  },
  {
    task: 'assign-visual-studio',
    french: true,
    pattern: /^(re)?(attribuer|assigner) (un |une |des |l')?((abonnements?|licences?) )?(visual studio|vs)$/,
  },
  // Status questions open the same task: its first step for admins, a read-only list for everyone else.
  {
    task: 'assign-visual-studio',
    french: false,
    pattern:
      /^((show|list|see|check)( me)?( all)?( (our|my|the))?|our|my) (visual studio|vs) (subscriptions|seats|licen[cs]es)$/,
  },
  {
    task: 'assign-visual-studio',
    french: false,
    pattern:
      /^(who (has|holds|have|got) (a |an |our |the )?(visual studio|vs)( (subscriptions?|seats?|licen[cs]es?))?|(which|what) (visual studio|vs) (subscriptions|seats|licen[cs]es) (do|have) (we|i) (have|got))$/,
  },
  {
    task: 'assign-visual-studio',
    french: true,
    pattern:
      /^(qui a (un |une |des |l')?((abonnements?|licences?) )?(visual studio|vs)|((afficher|voir|montrer|lister)( les| nos| mes)?|nos|mes) (abonnements|licences) (visual studio|vs)|quel(le)?s (sont )?(nos |les |mes )?(abonnements|licences) (visual studio|vs)( (avons-nous|avons nous|a-t-on|ai-je))?)$/,
  },
  {
    task: 'activate-technical-benefit',
    french: false,
    pattern:
      /^((which|what) (technical|tech) benefits (do|have) (we|i) (have|got)|((show|list|see|check)( me)?( all)?( (our|my|the))?|our|my) (technical|tech) benefits( status)?|what('s| is) the status of (our|my|the) (technical|tech) benefits)$/,
  },
  {
    task: 'activate-technical-benefit',
    french: true,
    pattern:
      /^(quels (sont )?(nos |les |mes )?avantages techniques( (avons-nous|avons nous|a-t-on|ai-je))?|((afficher|voir|montrer|lister)( les| nos| mes)?|nos|mes) avantages techniques)$/,
  },
  {
    task: 'renewal-dates',
    french: false,
    pattern: /^((show|check|see|my|our|the) )*(renewal dates?|renewals?|when to renew)$/,
  },
  {
    task: 'renewal-dates',
    french: true,
    pattern: /^(quand renouveler|(mes |nos |les )?dates? de renouvellement|renouvellements?)$/,
  },
];
const cancelPattern = /^(cancel|stop|quit|annuler|arreter|arrête|arrete|abandonner)$/;

/** Folded, without trailing punctuation: how commands are compared. */
const bareText = (text: string): string =>
  fold(text)
    .replace(/[\s?!.]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The message text, trimmed, and as commands compare it: worked out once per turn. */
interface TurnText {
  readonly text: string;
  readonly bare: string;
}
const turnText = (context: TurnContext): TurnText => {
  const text = context.activity.text?.trim() ?? '';
  return { text, bare: bareText(text) };
};

/** Routes every turn: card buttons by verb, "help", greetings, and everything else to the FAQ. */
export class MainDialog extends ComponentDialog {
  private readonly replies: ReplyActivities;

  constructor(private readonly deps: MainDialogDeps) {
    super(mainDialogId);
    this.replies = new ReplyActivities(deps.engine.index);
    this.addDialog(new WaterfallDialog(routeDialogId, [this.routeStep.bind(this)]));
    for (const task of deps.tasks) this.addDialog(task);
    this.initialDialogId = routeDialogId;
  }

  /** Begins the task named in the options, or routes the turn (DialogTestClient and one-turn messages). */
  override async onBeginDialog(innerDc: DialogContext, options?: MainOptions): Promise<DialogTurnResult> {
    if (options?.task)
      return innerDc.beginDialog(options.task, { language: options.language ?? 'en' } satisfies TaskOptions);
    return super.onBeginDialog(innerDc, options);
  }

  /**
   * Entry point from the bot, as in the core-bot sample: one dialog context a turn, which begins this
   * dialog (a new task, or a question with nothing open) or moves the open task on. The bot saves the
   * state after the turn.
   */
  async run(context: TurnContext, dialogState: DialogStateStore): Promise<void> {
    const dialogSet = new DialogSet(dialogState.accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    await this.continueTurn(context, dc, dialogState, turnText(context));
    await dialogState.keepFinished(context);
  }

  /** Starts a task, moves the open one on, cancels it, answers beside it, or routes the turn. */
  private async continueTurn(
    context: TurnContext,
    dc: DialogContext,
    dialogState: DialogStateStore,
    said: TurnText,
  ): Promise<void> {
    const data = cardData(context);
    const start = this.requestedTask(context, data, said);
    const taskAction = data !== undefined && isTaskVerb(data.verb) && !start;
    const open = dc.child?.activeDialog;
    const task = open ? this.findDialog(open.id) : undefined;
    if (start) {
      const language = start.language ?? 'en';
      noteTurnLanguage(context, language);
      // The open task's card is closed (endDialog); the new one opens below, and the user is told why.
      const closed = open && task instanceof CardTaskDialog ? task.closedText(language, open) : undefined;
      await dc.cancelAllDialogs();
      if (open && closed !== undefined) {
        const s = taskStrings[language];
        await context.sendActivity(
          s.closedOpenTask(s.taskTitles[open.id] ?? open.id, closed === s.cancelled ? undefined : closed),
        );
      }
      await dc.beginDialog(this.id, start);
      return;
    }
    const language = localeLanguage(context.activity.locale);
    if (taskAction) {
      const pressed = taskEnvelopeSchema.safeParse(data);
      const openTaskId = task instanceof CardTaskDialog ? task.taskIdOf(open) : undefined;
      // A late click on a task that already ended (a double click on Confirm) gets that task's last card again.
      const finished =
        pressed.success && pressed.data.taskId !== openTaskId
          ? await dialogState.finishedCard(context, pressed.data.taskId)
          : undefined;
      if (finished) await presentCard(context, finished);
      else if (task instanceof CardTaskDialog) await dc.continueDialog();
      else await presentCard(context, staleTaskCard(language));
      return;
    }
    if (task instanceof CardTaskDialog && cancelPattern.test(said.bare)) {
      await dc.cancelAllDialogs();
      const replyLanguage = /^annuler|arr|abandon/.test(said.bare) ? 'fr' : language;
      noteTurnLanguage(context, replyLanguage);
      await context.sendActivity(taskStrings[replyLanguage].cancelledReply);
      return;
    }
    const taskState: unknown = open?.state;
    if (
      task instanceof CardTaskDialog &&
      said.text &&
      task.acceptsText(
        typeof taskState === 'object' && taskState !== null && 'state' in taskState ? taskState.state : undefined,
      )
    ) {
      await dc.continueDialog();
      return;
    }
    // Anything else is answered as usual; an open task stays open and its card usable.
    if (dc.activeDialog) await this.route(context, said);
    else await dc.beginDialog(this.id);
  }

  /** A task.start button, or a typed task command, with the language to run it in. */
  private requestedTask(
    context: TurnContext,
    data: Record<string, unknown> | undefined,
    { text, bare }: TurnText,
  ): MainOptions | undefined {
    if (data) {
      const start = taskStartSchema.safeParse(data);
      return start.success
        ? { task: start.data.task, language: start.data.lang ?? localeLanguage(context.activity.locale) }
        : undefined;
    }
    const command = taskCommands.find((c) => c.pattern.test(bare));
    if (!command) return undefined;
    return {
      task: command.task,
      language: command.french ? 'fr' : this.deps.engine.language(text, context.activity.locale),
    };
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.route(step.context, turnText(step.context));
    return step.endDialog();
  }

  private async route(context: TurnContext, { text, bare }: TurnText): Promise<void> {
    const { activity } = context;
    if (activity.value !== undefined && activity.value !== null && !activity.text) {
      await this.onCardAction(context, activity.value);
      return;
    }
    const command = commands.find((c) => c.pattern.test(bare));
    if (command) {
      const language = command.french ? 'fr' : this.deps.engine.language(text, activity.locale);
      noteTurnLanguage(context, language);
      await context.sendActivity(MessageFactory.attachment(welcomeCard(language, command.card)));
    } else {
      await this.answer(context, text, activity.locale);
    }
  }

  private async answer(context: TurnContext, question: string, locale: string | undefined): Promise<void> {
    if (this.deps.answers.slow) await context.sendActivity(typingActivity);
    const reply = await this.deps.answers.ask(question, locale);
    noteTurnLanguage(context, reply.language);
    await context.sendActivity(this.replies.activity(reply, question));
  }

  private async onCardAction(context: TurnContext, value: unknown): Promise<void> {
    const parsed = cardActionSchema.safeParse(value);
    const fallbackLanguage = localeLanguage(context.activity.locale);
    if (!parsed.success) {
      this.deps.logger.warn({ issues: parsed.error.issues.length }, 'unrecognised card action');
      await this.staleButton(context, fallbackLanguage);
      return;
    }
    await this.dispatch(context, parsed.data);
  }

  /** A button from an old or forged card: say so and show what the bot can do. */
  private async staleButton(context: TurnContext, language: Language): Promise<void> {
    await context.sendActivity(strings[language].cardNotUnderstood);
    await context.sendActivity(MessageFactory.attachment(welcomeCard(language, 'help')));
  }

  private async dispatch(context: TurnContext, action: CardAction): Promise<void> {
    const { engine, feedback, logger } = this.deps;
    const s = strings[action.lang];
    noteTurnLanguage(context, action.lang);
    switch (action.verb) {
      case 'faq.ask':
        await this.answer(context, action.text, action.lang === 'fr' ? 'fr-FR' : 'en-US');
        return;
      case 'faq.open': {
        const entry = engine.index.get(action.entryId);
        if (!entry) {
          await this.staleButton(context, action.lang);
          return;
        }
        await context.sendActivity(
          this.replies.activity({ kind: 'answer', language: action.lang, entry }, entry[action.lang].question),
        );
        return;
      }
      case 'faq.feedback': {
        // A later click on the same card is thanked as well, but counted once.
        const counted = await feedback.recordFeedback({
          at: new Date().toISOString(),
          entryId: action.entryId,
          language: action.lang,
          vote: action.vote,
          generated: action.generated ?? false,
          ...(action.question ? { question: action.question } : {}),
          ...(action.cardId ? { cardId: action.cardId } : {}),
        });
        logger.info({ entry: action.entryId, vote: action.vote, counted }, 'answer feedback');
        await context.sendActivity(action.vote === 'up' ? s.thanksUp : s.thanksDown);
        return;
      }
      case 'faq.noneOfThese': {
        const counted = await feedback.recordUnanswered({
          at: new Date().toISOString(),
          question: action.question,
          language: action.lang,
          outcome: 'none-of-these',
          candidates: action.candidates,
          ...(action.cardId ? { cardId: action.cardId } : {}),
        });
        logger.info({ candidates: action.candidates, counted }, 'none of the suggestions fit');
        await context.sendActivity(s.noneOfTheseReply);
        return;
      }
      case 'help':
        await context.sendActivity(MessageFactory.attachment(welcomeCard(action.lang, 'help')));
        return;
    }
  }
}
