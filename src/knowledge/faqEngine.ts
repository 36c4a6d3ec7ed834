import { LanguageDetector, localeLanguage, replyLanguage } from './language';
import type { KnowledgeEntry, Language } from './schema';
import {
  KnowledgeIndex,
  mapOutcome,
  type Candidate,
  type RankingOptions,
  type SearchOutcome,
  type SearchTuning,
} from './search';
import type { Synonyms } from './text';

export type FaqResult<C = Candidate> = SearchOutcome<C> & { readonly language: Language };

const other = (language: Language): Language => (language === 'en' ? 'fr' : 'en');
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

  language(text: string, locale: string | undefined): Language {
    return replyLanguage(this.detector, locale, text);
  }

  ask(text: string, locale: string | undefined, tuning?: SearchTuning): FaqResult {
    const detected = this.detector.detect(text);
    const language = detected ?? localeLanguage(locale);
    // An entry's own question or alternate is answered in the language it is written in, whatever the client's.
    const own = [language, other(language)].find((l) => this.index.ownPhrasing(text, l));
    if (own) return inLanguage(this.index.search(text, own, tuning), own);
    const outcome = this.index.search(text, language, tuning);
    if (outcome.kind !== 'none' || detected) return inLanguage(outcome, language);
    // Keyword-only questions ("renouvellement action pack") carry no function words: let the other
    // language's knowledge base claim them when it is confident.
    const fallback = this.index.search(text, other(language), tuning);
    return fallback.kind === 'answer' ? inLanguage(fallback, other(language)) : inLanguage(outcome, language);
  }
}
