import { randomUUID } from 'node:crypto';
import type { KnowledgeEntry, Language } from '../src/knowledge/schema';
import { strings } from '../src/i18n';
import json from './choices.json';
import { CardTemplate, type CardAttachment } from './render';

/** One template for "Did you mean…" (with "None of these") and "No answer" (with popular topics). */
export interface ChoicesCardData {
  readonly lang: Language;
  readonly question: string;
  readonly title: string;
  readonly text: string;
  readonly choicesTitle: string;
  readonly choices: readonly { readonly id: string; readonly title: string }[];
  readonly candidateIds: readonly string[];
  /** Sent with "None of these", so each card counts once however often it is pressed. */
  readonly cardId: string;
  readonly escape: { readonly title: string } | null;
  readonly helpLabel: string;
}

const template = new CardTemplate<ChoicesCardData>(json);

const choices = (entries: readonly KnowledgeEntry[], language: Language): ChoicesCardData['choices'] =>
  entries.map((e) => ({ id: e.id, title: e[language].title }));

export function didYouMeanCardData(
  language: Language,
  question: string,
  candidates: readonly KnowledgeEntry[],
): ChoicesCardData {
  const s = strings[language];
  return {
    lang: language,
    question: question.slice(0, 500),
    title: s.didYouMean,
    text: '',
    choicesTitle: '',
    choices: choices(candidates, language),
    candidateIds: candidates.map((c) => c.id),
    cardId: randomUUID(),
    escape: { title: s.noneOfThese },
    helpLabel: s.help,
  };
}

/** "No answer": the same for every question (it names no candidates), with the popular topics. */
export function noAnswerCardData(language: Language, popular: readonly KnowledgeEntry[]): ChoicesCardData {
  const s = strings[language];
  return {
    lang: language,
    question: '',
    title: s.noAnswerTitle,
    text: s.noAnswerText,
    choicesTitle: s.popularTopics,
    choices: choices(popular, language),
    candidateIds: [],
    cardId: '',
    escape: null,
    helpLabel: s.help,
  };
}

export const didYouMeanCard = (
  language: Language,
  question: string,
  candidates: readonly KnowledgeEntry[],
): CardAttachment => template.render(didYouMeanCardData(language, question, candidates));

export const noAnswerCard = (language: Language, popular: readonly KnowledgeEntry[]): CardAttachment =>
  template.render(noAnswerCardData(language, popular));
