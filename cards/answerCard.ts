import { randomUUID } from 'node:crypto';
import type { KnowledgeEntry, Language } from '../src/knowledge/schema';
import type { Citation } from '../src/services/generative';
import { strings } from '../src/i18n';
import json from './answer.json';
import feedbackJson from './feedback.json';
import { CardTemplate, deepFreeze, withBodyElements, withSubmitData, type CardAttachment } from './render';

/** The answer itself: everything on the card but the feedback row. */
export interface AnswerCardData {
  readonly lang: Language;
  readonly title: string;
  readonly answer: string;
  readonly details: string;
  readonly source: string;
  readonly generated: boolean;
  readonly citations: readonly { readonly n: number; readonly title: string; readonly url: string }[];
  readonly followUps: readonly { readonly id: string; readonly title: string }[];
  /** The guided task that does what the answer explains ("Do it for me"), or ''. */
  readonly task: string;
  readonly labels: {
    readonly showDetails: string;
    readonly source: string;
    readonly related: string;
    readonly aiGenerated: string;
    readonly sources: string;
    readonly doItForMe: string;
  };
}

/**
 * The thumbs up/down row; it carries the question, so the editors' report shows what was asked.
 * Teams draws the thumbs as Fluent icons (`icon:ThumbLike`); the words say it to screen readers and to
 * clients without those icons. No emoji: one character above U+00FF makes the whole card a two-byte
 * string, which every serialization of every answer then pays for.
 */
export interface FeedbackRowData {
  readonly lang: Language;
  readonly entryId: string;
  readonly question: string;
  readonly generated: boolean;
  /** New for every card sent, so each card's vote counts once however often it is clicked. */
  readonly cardId: string;
  readonly label: string;
  readonly yes: string;
  readonly no: string;
}

const template = new CardTemplate<AnswerCardData>(json);
/** Longer questions are cut in the feedback data (the report needs the gist, not an essay). */
const maxQuestionLength = 500;
const feedbackTemplate = new CardTemplate<FeedbackRowData>(feedbackJson);

export interface AnswerCardInput {
  readonly entry: KnowledgeEntry;
  readonly language: Language;
  readonly question: string;
  readonly followUps: readonly KnowledgeEntry[];
  readonly generated?: { readonly text: string; readonly citations: readonly Citation[] };
}

export function answerCardData({ entry, language, followUps, generated }: Omit<AnswerCardInput, 'question'>): AnswerCardData {
  const loc = entry[language];
  const s = strings[language];
  return {
    lang: language,
    title: loc.title,
    answer: generated?.text ?? loc.answer,
    details: loc.details,
    source: entry.source,
    generated: generated !== undefined,
    citations: (generated?.citations ?? []).map((c) => ({ n: c.n, title: c.entry[language].title, url: c.entry.source })),
    followUps: followUps.map((f) => ({ id: f.id, title: f[language].title })),
    task: entry.task ?? '',
    labels: {
      showDetails: s.showDetails,
      source: s.source,
      related: s.related,
      aiGenerated: s.aiGenerated,
      sources: s.sources,
      doItForMe: s.doItForMe,
    },
  };
}

function feedbackRow(entry: KnowledgeEntry, language: Language, question: string, generated: boolean, cardId: string): Record<string, unknown> {
  const { wasHelpful, yes, no } = strings[language];
  return feedbackTemplate.expand({ lang: language, entryId: entry.id, question: question.slice(0, maxQuestionLength), generated, cardId, label: wasHelpful, yes, no });
}

export function answerCard(input: AnswerCardInput): CardAttachment {
  const { entry, language, question, generated } = input;
  return withBodyElements(template.render(answerCardData(input)), feedbackRow(entry, language, question, generated !== undefined, randomUUID()));
}

/**
 * The knowledge base's answer cards, drawn once per entry and language when the app starts: a turn
 * only puts its question into the feedback buttons. Generated answers are drawn per turn (`answerCard`).
 */
export class AnswerCards {
  private readonly drawn = new Map<string, { readonly card: CardAttachment; readonly feedback: Record<string, unknown> }>();

  constructor(entries: readonly KnowledgeEntry[], followUpsOf: (entry: KnowledgeEntry) => readonly KnowledgeEntry[]) {
    for (const entry of entries) {
      for (const language of ['en', 'fr'] as const) {
        this.drawn.set(`${language}/${entry.id}`, {
          card: deepFreeze(template.render(answerCardData({ entry, language, followUps: followUpsOf(entry) }))),
          // The card id is put in per turn, with the question.
          feedback: deepFreeze(feedbackRow(entry, language, '', false, '')),
        });
      }
    }
  }

  /** The entry's answer card for this question. */
  card(entry: KnowledgeEntry, language: Language, question: string): CardAttachment {
    const drawn = this.drawn.get(`${language}/${entry.id}`);
    if (!drawn) return answerCard({ entry, language, question, followUps: [] });
    return withBodyElements(drawn.card, withSubmitData(drawn.feedback, { question: question.slice(0, maxQuestionLength), cardId: randomUUID() }));
  }
}
