import { ActivityTypes, MessageFactory, type Activity, type Entity } from 'botbuilder';
import { answerCard } from '../../cards/answerCard';
import { didYouMeanCard, noAnswerCard } from '../../cards/choicesCard';
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
      appearance: { '@type': 'DigitalDocument', name: entry[language].title, url: entry.source, abstract: entry[language].answer.slice(0, 160) },
    })),
  };
}

/** Turns a service reply into the Teams message: answer card, "Did you mean" or "no answer" card. */
export function replyActivity(index: KnowledgeIndex, reply: Reply, question: string): Partial<Activity> {
  const { language } = reply;
  switch (reply.kind) {
    case 'answer': {
      const followUps = index.getMany(reply.entry.followUps);
      const card = answerCard({ entry: reply.entry, language, question, followUps, ...(reply.generated ? { generated: reply.generated } : {}) });
      const activity = MessageFactory.attachment(card);
      activity.locale = language;
      if (reply.generated) activity.entities = [aiEntity(reply.generated.citations, language)];
      return activity;
    }
    case 'ambiguous':
      return { ...MessageFactory.attachment(didYouMeanCard(language, question, reply.candidates)), locale: language };
    case 'none':
      return { ...MessageFactory.attachment(noAnswerCard(language, question, index.getMany(popularEntryIds))), locale: language };
  }
}

export const typingActivity: Partial<Activity> = { type: ActivityTypes.Typing };
