import MiniSearch, { type SearchResult } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { languages, type KnowledgeEntry, type Language } from './schema';
import { compileSynonyms, fold, isStopword, processTerm, tokenize, type Synonyms } from './text';

export interface SearchTuning {
  /** Share of the question's meaningful terms (weighted by rarity) the best entry must match. */
  readonly minCoverage: number;
  /** Minimum score per meaningful query term. */
  readonly minStrength: number;
  /** Runner-up score / best score above which the question is ambiguous ("Did you mean"). */
  readonly ambiguityRatio: number;
}

/** Tuned on test/data/eval.yaml with `npm run eval -- --tune`. */
export const defaultTuning: SearchTuning = { minCoverage: 0.5, minStrength: 2, ambiguityRatio: 0.9 };

export interface Candidate {
  readonly entry: KnowledgeEntry;
  readonly score: number;
  /** Fraction of the meaningful query terms found in the entry, each term weighted by its rarity. */
  readonly coverage: number;
  /** Score divided by the number of meaningful query terms. */
  readonly strength: number;
  /** The query terms the entry matched (stemmed). */
  readonly matched: readonly string[];
}

export type SearchOutcome =
  | { readonly kind: 'answer'; readonly best: Candidate; readonly others: readonly Candidate[] }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'none'; readonly best: Candidate | undefined };

/** How a question's terms turn into an entry score. Fixed; tune thresholds with SearchTuning. */
export interface RankingParams {
  /** Weight of the single best-matching phrasing (title, question or alternate) of an entry. */
  readonly bestPhrasing: number;
  /** Weight of the union of phrasings: every query term scored on the entry's best phrasing for it. */
  readonly allPhrasings: number;
  /** Weight of the answer, details and tags. */
  readonly body: number;
  /** How much a term that only the body matches counts towards coverage. */
  readonly bodyCoverage: number;
  /** Weight of a query term that no entry knows, relative to the rarest known term. */
  readonly unknownWeight: number;
  /** Prefix matching for query terms at least this long (stemmed). */
  readonly minPrefixLength: number;
  /** Spelling fixes: max edit distance by raw word length. */
  readonly typoMinLength: number;
  readonly typoLongLength: number;
  readonly prefixWeight: number;
  /** Each term's match scores are multiplied by its knowledge-base rarity to this power. */
  readonly idfPower: number;
  /** The entry score is multiplied by its coverage to this power. */
  readonly coveragePower: number;
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
}

export const rankingParams: { current: RankingParams } = {
  current: {
    bestPhrasing: 0.5,
    allPhrasings: 0.5,
    body: 0.35,
    bodyCoverage: 1,
    unknownWeight: 1,
    minPrefixLength: 4,
    typoMinLength: 5,
    typoLongLength: 8,
    prefixWeight: 0.375,
    idfPower: 0,
    coveragePower: 0,
    bm25: { k: 1.2, b: 0.7, d: 0.5 },
  },
};

interface IndexedDoc {
  readonly id: string;
  readonly entryId: string;
  readonly text: string;
  readonly body: boolean;
}

type Hit = SearchResult & { entryId: string; body: boolean };

interface LanguageIndex {
  readonly search: MiniSearch<IndexedDoc>;
  /** Folded words of the knowledge base (after synonyms) with their counts, for spelling fixes. */
  readonly words: SearchableMap<number>;
  /** Stemmed terms the index knows. */
  readonly stems: ReadonlySet<string>;
}

interface TermMatch {
  phrasings: Map<string, number>;
  body: number;
}

const identity = (s: string): string => s;
const single = (s: string): string[] => [s];

/** Full-text index over the knowledge base, one MiniSearch per language. */
export class KnowledgeIndex {
  private readonly byId: ReadonlyMap<string, KnowledgeEntry>;
  private readonly indexes: Record<Language, LanguageIndex>;
  private readonly canonical: (folded: string) => string;

  constructor(
    readonly entries: readonly KnowledgeEntry[],
    synonyms: Synonyms,
    private readonly tuning: SearchTuning = defaultTuning,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    this.canonical = compileSynonyms(synonyms);
    this.indexes = { en: this.build('en'), fr: this.build('fr') };
  }

  get(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  /** The meaningful terms of a text as the index sees them (folded, synonyms, stop words out, typos fixed, stemmed). */
  terms(text: string, language: Language): string[] {
    const out = new Set<string>();
    for (const token of this.tokens(text)) {
      const term = this.queryTerm(token, language);
      if (term) out.add(term);
    }
    return [...out];
  }

  /** Each meaningful term of a question with its weight in coverage (rare terms and unknown ones weigh most). */
  termWeights(question: string, language: Language): { term: string; weight: number; entries: number }[] {
    return this.match(question, language).map(({ term, weight, byEntry }) => ({ term, weight, entries: byEntry.size }));
  }

  /** Entries ranked for a question, best first. */
  rank(question: string, language: Language, limit = 5): Candidate[] {
    const params = rankingParams.current;
    const perTerm = this.match(question, language);
    if (perTerm.length === 0) return [];
    const totalWeight = perTerm.reduce((sum, t) => sum + t.weight, 0);

    const entryIds = new Set(perTerm.flatMap((t) => [...t.byEntry.keys()]));
    const candidates: Candidate[] = [];
    for (const entryId of entryIds) {
      const entry = this.byId.get(entryId);
      if (!entry) continue;
      const phrasingTotals = new Map<string, number>();
      let union = 0;
      let body = 0;
      let covered = 0;
      const matched: string[] = [];
      for (const t of perTerm) {
        const match = t.byEntry.get(entryId);
        if (!match) continue;
        matched.push(t.term);
        const w = t.idf ** params.idfPower;
        let best = 0;
        for (const [doc, raw] of match.phrasings) {
          const s = raw * w;
          phrasingTotals.set(doc, (phrasingTotals.get(doc) ?? 0) + s);
          best = Math.max(best, s);
        }
        union += best;
        body += match.body * w;
        covered += t.weight * (best > 0 ? 1 : params.bodyCoverage);
      }
      const bestPhrasing = Math.max(0, ...phrasingTotals.values());
      const coverage = Math.min(1, covered / totalWeight);
      const score = (params.bestPhrasing * bestPhrasing + params.allPhrasings * union + params.body * body) * coverage ** params.coveragePower;
      candidates.push({ entry, score, coverage, strength: score / perTerm.length, matched });
    }
    return candidates.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** One MiniSearch query per term: each entry's phrasings and body that match it, and the term's weight. */
  private match(question: string, language: Language): { term: string; weight: number; idf: number; byEntry: Map<string, TermMatch> }[] {
    const params = rankingParams.current;
    const { search } = this.indexes[language];
    const n = this.entries.length;
    const idf = (df: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));
    return this.terms(question, language).map((term) => {
      const hits = search.search(term, {
        tokenize: single,
        processTerm: identity,
        prefix: term.length >= params.minPrefixLength,
        fuzzy: false,
        weights: { fuzzy: 0, prefix: params.prefixWeight },
        bm25: params.bm25,
      }) as Hit[];
      const byEntry = new Map<string, TermMatch>();
      for (const hit of hits) {
        const match = byEntry.get(hit.entryId) ?? { phrasings: new Map<string, number>(), body: 0 };
        if (hit.body) match.body = Math.max(match.body, hit.score);
        else match.phrasings.set(String(hit.id), hit.score);
        byEntry.set(hit.entryId, match);
      }
      const rarity = idf(byEntry.size);
      return { term, byEntry, idf: rarity, weight: byEntry.size === 0 ? rarity * params.unknownWeight : rarity };
    });
  }

  /** Best answer, a short list to choose from, or none when nothing is confident enough. */
  search(question: string, language: Language, tuning: SearchTuning = this.tuning): SearchOutcome {
    const ranked = this.rank(question, language);
    const confident = ranked.filter((c) => c.coverage >= tuning.minCoverage && c.strength >= tuning.minStrength);
    const [best, second] = confident;
    if (!best) return { kind: 'none', best: ranked[0] };
    if (second && second.score / best.score >= tuning.ambiguityRatio) {
      return { kind: 'ambiguous', candidates: confident.slice(0, 3) };
    }
    return { kind: 'answer', best, others: confident.slice(1, 3) };
  }

  private tokens(text: string): string[] {
    return tokenize(this.canonical(fold(text)));
  }

  /** Stop words out; a word the knowledge base does not know is replaced by its closest spelling there. */
  private queryTerm(token: string, language: Language): string | null {
    const term = processTerm(token, language);
    if (term === null || /^\d+$/.test(term)) return term;
    const { words, stems } = this.indexes[language];
    if (stems.has(term) || words.has(token)) return term;
    const params = rankingParams.current;
    const distance = token.length >= params.typoLongLength ? 2 : token.length >= params.typoMinLength ? 1 : 0;
    if (distance === 0) return term;
    let fix: { word: string; distance: number; count: number } | undefined;
    for (const [word, [count, d]] of words.fuzzyGet(token, distance)) {
      if (isStopword(word, language) || word[0] !== token[0]) continue;
      if (!fix || d < fix.distance || (d === fix.distance && count > fix.count)) fix = { word, distance: d, count };
    }
    return fix ? processTerm(fix.word, language) : term;
  }

  private build(language: Language): LanguageIndex {
    const params = rankingParams.current;
    const search = new MiniSearch<IndexedDoc>({
      fields: ['text'],
      storeFields: ['entryId', 'body'],
      tokenize: (text) => this.tokens(text),
      processTerm: (term) => processTerm(term, language),
      searchOptions: { bm25: params.bm25 },
    });
    const docs: IndexedDoc[] = [];
    const words = new SearchableMap<number>();
    const stems = new Set<string>();
    for (const entry of this.entries) {
      const loc = entry[language];
      const phrasings = [loc.title, loc.question, ...loc.alternates];
      phrasings.forEach((text, i) => docs.push({ id: `${entry.id}#${i}`, entryId: entry.id, text, body: false }));
      const body = `${loc.answer}\n${loc.details}\n${entry.tags.join(' ')}`;
      docs.push({ id: `${entry.id}#body`, entryId: entry.id, text: body, body: true });
      for (const text of [...phrasings, body]) {
        for (const token of this.tokens(text)) {
          words.update(token, (c = 0) => c + 1);
          const stem = processTerm(token, language);
          if (stem) stems.add(stem);
        }
      }
    }
    search.addAll(docs);
    return { search, words, stems };
  }
}

export { languages };
