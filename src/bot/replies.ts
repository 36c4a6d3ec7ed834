import { ActivityTypes, MessageFactory, type Activity, type Entity } from 'botbuilder';
import { AnswerCards, answerCard } from '../../cards/answerCard';
import { didYouMeanCard, noAnswerCard } from '../../cards/choicesCard';
import { deepFreeze, type CardAttachment } from '../../cards/render';
import type { KnowledgeIndex } from '../knowledge/search';
import type { KnowledgeEntry, Language } from '../knowledge/schema';
import { popularEntryIds } from '../i18n';
import type { Reply } from '../services/answerService';

/** Teams' "AI generated" label and citation pills (schema.org Message entity). */
function aiEntity(citations: readonly { n: number; entry: KnowledgeEntry }[], language: Language): Entity {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    citation: citations.map(({ n, entry }) => ({
      '@type': 'Claim',
      position: n,
      appearance: {
        '@type': 'DigitalDocument',
        name: entry[language].title,
        url: entry.source,
        abstract: entry[language].answer.slice(0, 160),
      },
    })),
  };
}

/** The card as a message in the reply's language (set, not spread in: README, Architecture). */
function inLanguage(card: CardAttachment, language: Language): Partial<Activity> {
  const activity = MessageFactory.attachment(card);
  activity.locale = language;
  return activity;
}

/** Turns service replies into Teams messages: answer card, "Did you mean" or "no answer" card. */
export class ReplyActivities {
  private readonly cards: AnswerCards;
  /** "No answer" depends only on the language (it offers the popular topics), so it is drawn once. */
  private readonly noAnswer: Record<Language, CardAttachment>;

  constructor(private readonly index: KnowledgeIndex) {
    this.cards = new AnswerCards(index.entries, (entry) => index.getMany(entry.followUps));
    const popular = index.getMany(popularEntryIds);
    this.noAnswer = { en: deepFreeze(noAnswerCard('en', popular)), fr: deepFreeze(noAnswerCard('fr', popular)) };
  }

  activity(reply: Reply, question: string): Partial<Activity> {
    const { language } = reply;
    switch (reply.kind) {
      case 'answer': {
        const { entry, generated } = reply;
        const card = generated
          ? answerCard({ entry, language, question, followUps: this.index.getMany(entry.followUps), generated })
          : this.cards.card(entry, language, question);
        const activity = inLanguage(card, language);
        if (generated) activity.entities = [aiEntity(generated.citations, language)];
        return activity;
      }
      case 'ambiguous':
        return inLanguage(didYouMeanCard(language, question, reply.candidates), language);
      case 'none':
        return inLanguage(this.noAnswer[language], language);
    }
  }
}

export const typingActivity: Partial<Activity> = { type: ActivityTypes.Typing };
