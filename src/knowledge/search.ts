import type { SearchResult } from 'minisearch';
import { buildLanguageIndex, type LanguageIndex } from './languageIndex';
import { perLanguage, type KnowledgeEntry, type Language } from './schema';
import {
  defaultRanking,
  defaultTuning,
  type Candidate,
  type RankingOptions,
  type SearchOutcome,
  type SearchTuning,
  type TermWeight,
} from './searchTypes';
import {
  boundedQuery,
  compileSynonyms,
  fold,
  isStopword,
  maxTermLength,
  ownPhrasings,
  phrasingKey,
  processTerm,
  tokenize,
  type Synonyms,
} from './text';

interface EntryMatch {
  /** Entry-level BM25, summed over the query terms it matched. */
  readonly score: number;
  /** The best single phrasing's BM25, summed over the query terms it matched. */
  bestPhrasing: number;
  /** Query terms matched as themselves, and those matched only as the start of longer words. */
  readonly exact: ReadonlySet<string>;
  readonly prefixOnly: ReadonlySet<string>;
}

interface QuestionMatches {
  readonly terms: readonly TermWeight[];
  readonly byEntry: ReadonlyMap<string, EntryMatch>;
}

type PhrasingHit = SearchResult & { entryId: string };

/** MiniSearch multiplies an OR result's score by the number of query terms it matched; undo that. */
const summedScore = (hit: SearchResult): number => hit.score / Math.max(1, hit.queryTerms.length);
const isNumber = (term: string): boolean => /^\d+$/.test(term);

/**
 * Full-text index over the knowledge base, per language: MiniSearch (BM25) over single phrasings and
 * over whole entries. An entry's score is its entry-level BM25 plus half its best phrasing's, times
 * its coverage of the question, where each query term weighs by its rarity across entries and terms
 * the knowledge base has never seen weigh most (so "install python on windows" is declined).
 */
export class KnowledgeIndex {
  private readonly byId: ReadonlyMap<string, KnowledgeEntry>;
  private readonly indexes: Readonly<Record<Language, LanguageIndex>>;
  private readonly canonical: Readonly<Record<Language, (folded: string) => string>>;
  private readonly own: Readonly<Record<Language, ReadonlyMap<string, string | null>>>;

  constructor(
    readonly entries: readonly KnowledgeEntry[],
    synonyms: Synonyms,
    private readonly tuning: SearchTuning = defaultTuning,
    private readonly ranking: RankingOptions = defaultRanking,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    this.canonical = perLanguage((l) => compileSynonyms(synonyms, l));
    this.indexes = perLanguage((l) => buildLanguageIndex(entries, l, (text) => this.tokens(text, l), ranking));
    this.own = perLanguage((l) => ownPhrasings(entries, l));
  }

  /** The entry whose own question or alternate (in this language) the text is, per phrasingKey. */
  ownPhrasing(text: string, language: Language): KnowledgeEntry | undefined {
    const id = this.own[language].get(phrasingKey(boundedQuery(text)));
    return id ? this.byId.get(id) : undefined;
  }

  get(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  /** The entries with these ids, in order; ids that no longer exist are skipped. */
  getMany(ids: readonly string[]): KnowledgeEntry[] {
    return ids.flatMap((id) => {
      const entry = this.byId.get(id);
      return entry ? [entry] : [];
    });
  }

  /**
   * The meaningful terms of a text as the index sees them (folded, synonyms, stop words out, typos fixed, stemmed).
   * Every query reaches the index through here, so this is where its text is bounded (boundedQuery).
   */
  terms(text: string, language: Language): string[] {
    const out = new Set<string>();
    for (const token of this.tokens(boundedQuery(text), language)) {
      const term = this.queryTerm(token, language);
      if (term) out.add(term);
    }
    return [...out];
  }

  /** Each meaningful term of a question with its weight in coverage. */
  termWeights(question: string, language: Language): TermWeight[] {
    return [...this.match(question, language).terms];
  }

  /** Entries ranked for a question, best first. */
  rank(question: string, language: Language, limit = 5): Candidate[] {
    const { terms, byEntry } = this.match(question, language);
    if (terms.length === 0) return [];
    const weights = new Map(terms.map((t) => [t.term, t.weight]));
    const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);
    const candidates: Candidate[] = [];
    for (const [entryId, match] of byEntry) {
      const entry = this.byId.get(entryId);
      if (!entry) continue;
      let covered = 0;
      for (const term of match.exact) covered += weights.get(term) ?? 0;
      for (const term of match.prefixOnly) covered += (weights.get(term) ?? 0) * this.ranking.prefixCredit;
      const coverage = totalWeight > 0 ? Math.min(1, covered / totalWeight) : 0;
      const score = (match.score + this.ranking.phrasingWeight * match.bestPhrasing) * coverage;
      const matched = terms.map((t) => t.term).filter((t) => match.exact.has(t) || match.prefixOnly.has(t));
      candidates.push({ entry, score, coverage, strength: score / terms.length, matched });
    }
    return candidates.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id)).slice(0, limit);
  }

  /**
   * Best answer, a short list to choose from, or none when nothing is confident enough. An entry's own
   * question or alternate is that entry's answer whatever the scores say: editors wrote it for that entry.
   */
  search(question: string, language: Language, tuning: SearchTuning = this.tuning): SearchOutcome {
    const own = this.ownPhrasing(question, language);
    const ranked = this.rank(question, language, own ? this.entries.length : undefined);
    const confident = ranked.filter((c) => c.coverage >= tuning.minCoverage && c.strength >= tuning.minStrength);
    if (own) {
      const best = ranked.find((c) => c.entry === own) ?? {
        entry: own,
        score: 0,
        coverage: 0,
        strength: 0,
        matched: [],
      };
      return { kind: 'answer', best, others: confident.filter((c) => c.entry !== own).slice(0, 2) };
    }
    const [best, second] = confident;
    if (!best) return { kind: 'none', best: ranked[0] };
    if (second && second.score / best.score >= tuning.ambiguityRatio) {
      return { kind: 'ambiguous', candidates: confident.slice(0, 3) };
    }
    return { kind: 'answer', best, others: confident.slice(1, 3) };
  }

  /** One OR query on each index: which entries match which terms, how well, and each term's weight. */
  private match(question: string, language: Language): QuestionMatches {
    const { phrasings, entries } = this.indexes[language];
    const queryTerms = this.terms(question, language);
    const byEntry = new Map<string, EntryMatch>();
    if (queryTerms.length === 0) return { terms: [], byEntry };
    // The terms are already processed; the indexes' search options split them again at the spaces.
    const query = queryTerms.join(' ');
    for (const hit of entries.search(query)) {
      const exact = new Set(hit.queryTerms.filter((t) => t in hit.match));
      byEntry.set(String(hit.id), {
        score: summedScore(hit),
        bestPhrasing: 0,
        exact,
        prefixOnly: new Set(hit.queryTerms.filter((t) => !exact.has(t))),
      });
    }
    for (const hit of phrasings.search(query) as PhrasingHit[]) {
      const match = byEntry.get(hit.entryId);
      if (match) match.bestPhrasing = Math.max(match.bestPhrasing, summedScore(hit));
    }
    const n = this.entries.length;
    const idf = (df: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const terms = queryTerms.map((term): TermWeight => {
      let exact = 0;
      let matching = 0;
      for (const m of byEntry.values()) {
        if (m.exact.has(term)) exact += 1;
        if (m.exact.has(term) || m.prefixOnly.has(term)) matching += 1;
      }
      if (matching === 0) {
        const weight = idf(0) * (isNumber(term) ? this.ranking.unknownNumberWeight : this.ranking.unknownWeight);
        return { term, weight, entries: 0 };
      }
      const df = exact > 0 ? exact + this.ranking.prefixDf * (matching - exact) : matching;
      return { term, weight: idf(df), entries: matching };
    });
    return { terms, byEntry };
  }

  private tokens(text: string, language: Language): string[] {
    return tokenize(this.canonical[language](fold(text)));
  }

  /** Stop words out; a word the knowledge base does not know is replaced by its closest spelling there. */
  private queryTerm(token: string, language: Language): string | null {
    // boundedQuery dropped such words already; this guard stays because fuzzy matching costs a token's length squared.
    if (token.length > maxTermLength) return null;
    const term = processTerm(token, language);
    if (term === null || isNumber(term)) return term;
    const { words, stems } = this.indexes[language];
    if (stems.has(term) || words.has(token)) return term;
    const { typoLongLength, typoMinLength } = this.ranking;
    const distance = token.length >= typoLongLength ? 2 : token.length >= typoMinLength ? 1 : 0;
    if (distance === 0) return term;
    let fix: { word: string; distance: number; count: number } | undefined;
    for (const [word, [count, d]] of words.fuzzyGet(token, distance)) {
      if (word[0] !== token[0] || isStopword(word, language)) continue;
      if (!fix || d < fix.distance || (d === fix.distance && count > fix.count)) fix = { word, distance: d, count };
    }
    return fix ? processTerm(fix.word, language) : term;
  }
}

export * from './searchTypes';
