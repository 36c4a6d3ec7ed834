import MiniSearch, { type SearchResult } from 'minisearch';
import { languages, type KnowledgeEntry, type Language } from './schema';
import { compileSynonyms, fold, processTerm, tokenize, type Synonyms } from './text';

export interface SearchTuning {
  /** Share of the question's meaningful terms the best entry must match. */
  readonly minCoverage: number;
  /** Minimum BM25 score per meaningful query term. */
  readonly minStrength: number;
  /** Runner-up score / best score above which the question is ambiguous ("Did you mean"). */
  readonly ambiguityRatio: number;
}

/** Tuned on test/data/eval.yaml with `npm run eval -- --tune`. */
export const defaultTuning: SearchTuning = { minCoverage: 0.5, minStrength: 2, ambiguityRatio: 0.9 };

export interface Candidate {
  readonly entry: KnowledgeEntry;
  readonly score: number;
  /** Fraction of the meaningful query terms found in the entry. */
  readonly coverage: number;
  /** Score divided by the number of meaningful query terms. */
  readonly strength: number;
}

export type SearchOutcome =
  | { readonly kind: 'answer'; readonly best: Candidate; readonly others: readonly Candidate[] }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'none'; readonly best: Candidate | undefined };

interface IndexedDoc {
  readonly id: string;
  readonly entryId: string;
  readonly text: string;
  readonly body: boolean;
}

const bodyWeight = 0.35;

/** Full-text index over the knowledge base, one MiniSearch per language. */
export class KnowledgeIndex {
  private readonly byId: ReadonlyMap<string, KnowledgeEntry>;
  private readonly indexes: Record<Language, MiniSearch<IndexedDoc>>;
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

  /** The meaningful terms of a text as the index sees them (folded, synonyms, stop words out, stemmed). */
  terms(text: string, language: Language): string[] {
    const out = new Set<string>();
    for (const token of this.tokens(text)) {
      const term = processTerm(token, language);
      if (term) out.add(term);
    }
    return [...out];
  }

  /** Entries ranked for a question, best first. */
  rank(question: string, language: Language, limit = 5): Candidate[] {
    const termCount = this.terms(question, language).length;
    if (termCount === 0) return [];
    const perEntry = new Map<string, { phrasing: number; body: number; matched: Set<string> }>();
    for (const hit of this.indexes[language].search(question) as (SearchResult & { entryId: string; body: boolean })[]) {
      const agg = perEntry.get(hit.entryId) ?? { phrasing: 0, body: 0, matched: new Set<string>() };
      if (hit.body) agg.body = Math.max(agg.body, hit.score);
      else agg.phrasing = Math.max(agg.phrasing, hit.score);
      hit.queryTerms.forEach((t) => agg.matched.add(t));
      perEntry.set(hit.entryId, agg);
    }
    const candidates: Candidate[] = [];
    for (const [entryId, agg] of perEntry) {
      const entry = this.byId.get(entryId);
      if (!entry) continue;
      const score = agg.phrasing + bodyWeight * agg.body;
      candidates.push({ entry, score, coverage: Math.min(1, agg.matched.size / termCount), strength: score / termCount });
    }
    return candidates.sort((a, b) => b.score - a.score).slice(0, limit);
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

  private build(language: Language): MiniSearch<IndexedDoc> {
    const index = new MiniSearch<IndexedDoc>({
      fields: ['text'],
      storeFields: ['entryId', 'body'],
      tokenize: (text) => this.tokens(text),
      processTerm: (term) => processTerm(term, language),
      searchOptions: {
        combineWith: 'OR',
        prefix: (term) => term.length >= 4,
        fuzzy: (term) => (term.length >= 5 ? 0.25 : false),
        boostDocument: (_id, _term, stored) => (stored?.['body'] ? 0.5 : 1),
      },
    });
    const docs: IndexedDoc[] = [];
    for (const entry of this.entries) {
      const loc = entry[language];
      const phrasings = [loc.title, loc.question, ...loc.alternates];
      phrasings.forEach((text, i) => docs.push({ id: `${entry.id}#${i}`, entryId: entry.id, text, body: false }));
      docs.push({ id: `${entry.id}#body`, entryId: entry.id, text: `${loc.answer}\n${loc.details}\n${entry.tags.join(' ')}`, body: true });
    }
    index.addAll(docs);
    return index;
  }
}

export { languages };
