import type { KnowledgeEntry, Language } from '../src/knowledge/schema';
import type { Citation } from '../src/services/generative';
import { strings } from '../src/i18n';
import json from './answer.json';
import { CardTemplate, type CardAttachment } from './render';

export interface AnswerCardData {
  readonly lang: Language;
  readonly entryId: string;
  readonly question: string;
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
    readonly wasHelpful: string;
    readonly aiGenerated: string;
    readonly sources: string;
    readonly doItForMe: string;
  };
}

const template = new CardTemplate<AnswerCardData>(json);

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
    question: question.slice(0, 500),
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
      wasHelpful: s.wasHelpful,
      aiGenerated: s.aiGenerated,
      sources: s.sources,
      doItForMe: s.doItForMe,
    },
  };
}

export function answerCard(input: AnswerCardInput): CardAttachment {
  return template.render(answerCardData(input));
}
