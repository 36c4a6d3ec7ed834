import { ActivityTypes, MessageFactory, type Activity, type Entity } from 'botbuilder';
import { answerCard } from '../cards/answerCard';
import { didYouMeanCard, noAnswerCard } from '../cards/choicesCard';
import type { CardAttachment } from '../cards/render';
import type { KnowledgeIndex } from '../src/knowledge/search';
import type { KnowledgeEntry, Language } from '../src/knowledge/schema';
import { popularEntryIds } from '../src/i18n';
import type { Reply } from '../src/services/answerService';

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

/** The card as a message in the reply's language. */
function inLanguage(card: CardAttachment, language: Language): Partial<Activity> {
  const activity = MessageFactory.attachment(card);
  activity.locale = language;
  return activity;
}

/** Turns service replies into Teams messages: answer card, "Did you mean" or "no answer" card. */
export class ReplyActivities {
  constructor(private readonly index: KnowledgeIndex) {}

  /** Each card is expanded from its template for this turn (the templates are parsed once). */
  activity(reply: Reply, question: string): Partial<Activity> {
    const { language } = reply;
    switch (reply.kind) {
      case 'answer': {
        const { entry, generated } = reply;
        const followUps = this.index.getMany(entry.followUps);
        const activity = inLanguage(answerCard({ entry, language, question, followUps, generated }), language);
        if (generated) activity.entities = [aiEntity(generated.citations, language)];
        return activity;
      }
      case 'ambiguous':
        return inLanguage(didYouMeanCard(language, question, reply.candidates), language);
      case 'none':
        return inLanguage(noAnswerCard(language, this.index.getMany(popularEntryIds)), language);
    }
  }
}

export const typingActivity: Partial<Activity> = { type: ActivityTypes.Typing };
