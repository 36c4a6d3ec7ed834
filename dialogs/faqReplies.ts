import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { CardActionOf } from '../cards/actions';
import { welcomeCard } from '../cards/welcomeCard';
import { locales, strings } from '../src/i18n';
import type { FaqEngine } from '../src/knowledge/faqEngine';
import type { Language } from '../src/knowledge/schema';
import type { AnswerService } from '../src/services/answerService';
import type { FeedbackStore } from '../src/services/feedbackStore';
import { ReplyActivities, typingActivity } from './replies';
import { noteTurnLanguage } from './turnLanguage';

export interface FaqRepliesDeps {
  readonly engine: FaqEngine;
  readonly answers: AnswerService;
  readonly feedback: FeedbackStore;
  readonly logger: Logger;
}

/** The main dialog's answers that open no task: questions, FAQ card buttons, help and greetings. */
export class FaqReplies {
  private readonly replies: ReplyActivities;

  constructor(private readonly deps: FaqRepliesDeps) {
    this.replies = new ReplyActivities(deps.engine.index);
  }

  /** A question: the answer card, "Did you mean", or "no answer". */
  async answer(context: TurnContext, question: string, locale: string | undefined): Promise<void> {
    if (this.deps.answers.slow) await context.sendActivity(typingActivity);
    // Generated answers are limited per person: the Entra id when Teams gives one, else the channel's id.
    const { from } = context.activity;
    const reply = await this.deps.answers.ask(question, locale, from.aadObjectId ?? from.id);
    noteTurnLanguage(context, reply.language);
    await context.sendActivity(this.replies.activity(reply, question));
  }

  /** The welcome or the help card. */
  async welcome(context: TurnContext, language: Language, variant: 'welcome' | 'help'): Promise<void> {
    noteTurnLanguage(context, language);
    await context.sendActivity(MessageFactory.attachment(welcomeCard(language, variant)));
  }

  /** A button from an old or forged card: say so and show what the bot can do. */
  async staleButton(context: TurnContext, language: Language): Promise<void> {
    await context.sendActivity(strings[language].cardNotUnderstood);
    await context.sendActivity(MessageFactory.attachment(welcomeCard(language, 'help')));
  }

  /** An example question's button asks it. */
  async ask(context: TurnContext, action: CardActionOf<'faq.ask'>): Promise<void> {
    noteTurnLanguage(context, action.lang);
    await this.answer(context, action.text, locales[action.lang].intl);
  }

  /** A related question's button opens its entry. */
  async open(context: TurnContext, action: CardActionOf<'faq.open'>): Promise<void> {
    noteTurnLanguage(context, action.lang);
    const entry = this.deps.engine.index.get(action.entryId);
    if (!entry) {
      await this.staleButton(context, action.lang);
      return;
    }
    await context.sendActivity(
      this.replies.activity({ kind: 'answer', language: action.lang, entry }, entry[action.lang].question),
    );
  }

  /** Yes / No on an answer. A later click on the same card is thanked as well, but counted once. */
  async feedback(context: TurnContext, action: CardActionOf<'faq.feedback'>): Promise<void> {
    noteTurnLanguage(context, action.lang);
    const counted = await this.deps.feedback.recordFeedback({
      at: new Date().toISOString(),
      entryId: action.entryId,
      language: action.lang,
      vote: action.vote,
      generated: action.generated ?? false,
      ...(action.question ? { question: action.question } : {}),
      ...(action.cardId ? { cardId: action.cardId } : {}),
    });
    this.deps.logger.info({ entry: action.entryId, vote: action.vote, counted }, 'answer feedback');
    const s = strings[action.lang];
    await context.sendActivity(action.vote === 'up' ? s.thanksUp : s.thanksDown);
  }

  /** "None of these" on a "Did you mean" card: stored for the editors (once per card). */
  async noneOfThese(context: TurnContext, action: CardActionOf<'faq.noneOfThese'>): Promise<void> {
    noteTurnLanguage(context, action.lang);
    const counted = await this.deps.feedback.recordUnanswered({
      at: new Date().toISOString(),
      question: action.question,
      language: action.lang,
      outcome: 'none-of-these',
      candidates: action.candidates,
      ...(action.cardId ? { cardId: action.cardId } : {}),
    });
    this.deps.logger.info({ candidates: action.candidates, counted }, 'none of the suggestions fit');
    await context.sendActivity(strings[action.lang].noneOfTheseReply);
  }

  /** The Help button. */
  async help(context: TurnContext, action: CardActionOf<'help'>): Promise<void> {
    await this.welcome(context, action.lang, 'help');
  }
}
