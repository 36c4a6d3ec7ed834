import { MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogState,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import { cardActionSchema, type CardAction } from '../cards/actions';
import { welcomeCard } from '../cards/welcomeCard';
import { replyActivity, typingActivity } from '../src/bot/replies';
import { strings } from '../src/i18n';
import type { FaqEngine } from '../src/knowledge/faqEngine';
import { localeLanguage } from '../src/knowledge/language';
import type { Language } from '../src/knowledge/schema';
import { fold } from '../src/knowledge/text';
import type { AnswerService } from '../src/services/answerService';
import type { FeedbackStore } from '../src/services/feedbackStore';

export const mainDialogId = 'mainDialog';
const routeDialogId = 'route';

export interface MainDialogDeps {
  readonly engine: FaqEngine;
  readonly answers: AnswerService;
  readonly feedback: FeedbackStore;
  readonly logger: Logger;
}

/** Typed commands. A French word answers in French; the others in the user's language. */
const commands: readonly { readonly card: 'help' | 'welcome'; readonly french: boolean; readonly pattern: RegExp }[] = [
  { card: 'help', french: false, pattern: /^(help|menu|commands?|what can you do)?$/ },
  { card: 'help', french: true, pattern: /^(aide|commandes?|que (sais|peux)[- ]tu faire)$/ },
  { card: 'welcome', french: false, pattern: /^(hi|hello|hey|good morning)$/ },
  { card: 'welcome', french: true, pattern: /^(bonjour|salut|bonsoir|coucou)$/ },
];

/** Routes every turn: card buttons by verb, "help", greetings, and everything else to the FAQ. */
export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: MainDialogDeps) {
    super(mainDialogId);
    this.addDialog(new WaterfallDialog(routeDialogId, [this.routeStep.bind(this)]));
    this.initialDialogId = routeDialogId;
  }

  /** Entry point from the bot, as in the core-bot sample. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const result = await dialogContext.continueDialog();
    // A one-turn question needs no dialog on the stack: route it directly (about 12 % of a FAQ
    // turn's CPU in `npm run bench`). Multi-turn tasks are begun from here as child dialogs.
    if (result.status === DialogTurnStatus.empty) await this.route(context);
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.route(step.context);
    return step.endDialog();
  }

  private async route(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (activity.value !== undefined && activity.value !== null && !activity.text) {
      await this.onCardAction(context, activity.value);
      return;
    }
    const text = (activity.text ?? '').trim();
    const bare = fold(text).replace(/[\s?!.]+$/, '').trim();
    const command = commands.find((c) => c.pattern.test(bare));
    if (command) {
      const language = command.french ? 'fr' : this.deps.engine.language(text, activity.locale);
      await context.sendActivity(MessageFactory.attachment(welcomeCard(language, command.card)));
    } else {
      await this.answer(context, text, activity.locale);
    }
  }

  private async answer(context: TurnContext, question: string, locale: string | undefined): Promise<void> {
    if (this.deps.answers.slow) await context.sendActivity(typingActivity);
    const reply = await this.deps.answers.ask(question, locale);
    await context.sendActivity(replyActivity(this.deps.engine.index, reply, question));
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
        await context.sendActivity(replyActivity(engine.index, { kind: 'answer', language: action.lang, entry }, entry[action.lang].question));
        return;
      }
      case 'faq.feedback':
        await feedback.recordFeedback({
          at: new Date().toISOString(),
          entryId: action.entryId,
          language: action.lang,
          vote: action.vote,
          generated: action.generated ?? false,
          ...(action.question ? { question: action.question } : {}),
        });
        logger.info({ entry: action.entryId, vote: action.vote }, 'answer feedback');
        await context.sendActivity(action.vote === 'up' ? s.thanksUp : s.thanksDown);
        return;
      case 'faq.noneOfThese':
        await feedback.recordUnanswered({
          at: new Date().toISOString(),
          question: action.question,
          language: action.lang,
          outcome: 'none-of-these',
          candidates: action.candidates,
        });
        logger.info({ candidates: action.candidates }, 'none of the suggestions fit');
        await context.sendActivity(s.noneOfTheseReply);
        return;
      case 'help':
        await context.sendActivity(MessageFactory.attachment(welcomeCard(action.lang, 'help')));
        return;
    }
  }
}
