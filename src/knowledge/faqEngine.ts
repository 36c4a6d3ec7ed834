import { LanguageDetector, localeLanguage, replyLanguage } from './language';
import { languages, type KnowledgeEntry, type Language } from './schema';
import {
  KnowledgeIndex,
  mapOutcome,
  type Candidate,
  type RankingOptions,
  type SearchOutcome,
  type SearchTuning,
} from './search';
import { boundedQuery, type Synonyms } from './text';

export type FaqResult<C = Candidate> = SearchOutcome<C> & { readonly language: Language };

/** The other languages, in the table's order. */
const others = (language: Language): Language[] => languages.filter((l) => l !== language);
const same = <C>(candidate: C): C => candidate;
const inLanguage = <C>(outcome: SearchOutcome<C>, language: Language): FaqResult<C> =>
  mapOutcome(outcome, same, { language });

/** Picks the reply language and searches the knowledge base in it. No Bot Framework types here. */
export class FaqEngine {
  readonly index: KnowledgeIndex;
  readonly detector: LanguageDetector;

  constructor(entries: readonly KnowledgeEntry[], synonyms: Synonyms, tuning?: SearchTuning, ranking?: RankingOptions) {
    this.index = new KnowledgeIndex(entries, synonyms, tuning, ranking);
    this.detector = new LanguageDetector(entries);
  }

  /** Both read the bounded text (boundedQuery): detection too is linear in what it is given. */
  language(text: string, locale: string | undefined): Language {
    return replyLanguage(this.detector, locale, boundedQuery(text));
  }

  ask(question: string, locale: string | undefined, tuning?: SearchTuning): FaqResult {
    const text = boundedQuery(question);
    const detected = this.detector.detect(text);
    const language = detected ?? localeLanguage(locale);
    // An entry's own question or alternate is answered in the language it is written in, whatever the client's.
    const own = [language, ...others(language)].find((l) => this.index.ownPhrasing(text, l));
    if (own) return inLanguage(this.index.search(text, own, tuning), own);
    const outcome = this.index.search(text, language, tuning);
    if (outcome.kind !== 'none' || detected) return inLanguage(outcome, language);
    // Keyword-only questions ("renouvellement action pack") carry no function words: let another
    // language's knowledge base claim them when it is confident (the first in the table's order).
    for (const other of others(language)) {
      const fallback = this.index.search(text, other, tuning);
      if (fallback.kind === 'answer') return inLanguage(fallback, other);
    }
    return inLanguage(outcome, language);
  }
}
