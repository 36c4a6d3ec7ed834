import { randomUUID } from 'node:crypto';
import type { KnowledgeEntry, Language } from '../src/knowledge/schema';
import type { Citation } from '../src/services/generative';
import { strings } from '../src/i18n';
import json from './answer.json';
import { CardTemplate, type CardAttachment } from './render';

/**
 * An answer card: the answer, its details and source, related questions, and the thumbs up/down row.
 * The row carries the question, so the editors' report shows what was asked. Teams draws the thumbs as
 * Fluent icons (`icon:ThumbLike`); the words say it to screen readers and to clients without them.
 */
export interface AnswerCardData {
  readonly lang: Language;
  readonly entryId: string;
  readonly title: string;
  readonly answer: string;
  readonly details: string;
  readonly source: string;
  readonly generated: boolean;
  readonly citations: readonly { readonly n: number; readonly title: string; readonly url: string }[];
  readonly followUps: readonly { readonly id: string; readonly title: string }[];
  /** The guided task that does what the answer explains ("Do it for me"), or ''. */
  readonly task: string;
  /** What was asked (cut to maxQuestionLength), sent back with a vote. */
  readonly question: string;
  /** New for every card sent, so each card's vote counts once however often it is clicked. */
  readonly cardId: string;
  readonly labels: {
    readonly showDetails: string;
    readonly source: string;
    readonly related: string;
    readonly aiGenerated: string;
    readonly sources: string;
    readonly doItForMe: string;
    readonly wasHelpful: string;
    readonly yes: string;
    readonly no: string;
  };
}

const template = new CardTemplate<AnswerCardData>(json);
/** Longer questions are cut in the feedback data (the report needs the gist, not an essay). */
const maxQuestionLength = 500;

export interface AnswerCardInput {
  readonly entry: KnowledgeEntry;
  readonly language: Language;
  readonly question: string;
  readonly followUps: readonly KnowledgeEntry[];
  readonly generated?: { readonly text: string; readonly citations: readonly Citation[] };
}

export function answerCardData({ entry, language, question, followUps, generated }: AnswerCardInput): AnswerCardData {
  const loc = entry[language];
  const s = strings[language];
  return {
    lang: language,
    entryId: entry.id,
    title: loc.title,
    answer: generated?.text ?? loc.answer,
    details: loc.details,
    source: entry.source,
    generated: generated !== undefined,
    citations: (generated?.citations ?? []).map((c) => ({
      n: c.n,
      title: c.entry[language].title,
      url: c.entry.source,
    })),
    followUps: followUps.map((f) => ({ id: f.id, title: f[language].title })),
    task: entry.task ?? '',
    question: question.slice(0, maxQuestionLength),
    cardId: randomUUID(),
    labels: {
      showDetails: s.showDetails,
      source: s.source,
      related: s.related,
      aiGenerated: s.aiGenerated,
      sources: s.sources,
      doItForMe: s.doItForMe,
      wasHelpful: s.wasHelpful,
      yes: s.yes,
      no: s.no,
    },
  };
}

/** The answer card for this turn, expanded from the template (parsed once, at load). */
export const answerCard = (input: AnswerCardInput): CardAttachment => template.render(answerCardData(input));
