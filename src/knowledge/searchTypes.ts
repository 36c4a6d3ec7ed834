/** The search's tuning knobs and result types, apart from the index that produces them. */
import type { KnowledgeEntry } from './schema';

/** Confidence thresholds: when to answer, when to offer a choice, when to decline. */
export interface SearchTuning {
  /** Share of the question's meaningful terms, each weighted by its rarity, the best entry must match. */
  readonly minCoverage: number;
  /** Minimum score per meaningful query term. */
  readonly minStrength: number;
  /** Runner-up score / best score above which the question is ambiguous ("Did you mean"). */
  readonly ambiguityRatio: number;
}

/** Tuned on test/data/eval.yaml with `npm run eval -- --tune` (the middle of the best plateau). */
export const defaultTuning: SearchTuning = { minCoverage: 0.35, minStrength: 1.5, ambiguityRatio: 0.95 };

/**
 * How a question's terms turn into entry scores. These are not thresholds: change them only with the
 * eval at hand (`npm run eval`), then re-tune the thresholds.
 */
export interface RankingOptions {
  /** Weight of the entry's best single phrasing (title, question or one alternate), next to the whole entry's BM25. */
  readonly phrasingWeight: number;
  /** Field boost of answer + details + tags against the phrasings in the entry-level BM25. */
  readonly bodyBoost: number;
  /** Weight in coverage of a term no entry contains, relative to a term only one entry contains. */
  readonly unknownWeight: number;
  /** Same for an unknown number ("3 days ago", "Windows 11"): a detail rather than the topic. */
  readonly unknownNumberWeight: number;
  /** Coverage credit for a term matched only as the prefix of longer words ("member" → "membership"). */
  readonly prefixCredit: number;
  /** How much prefix-only entries count in a term's document frequency. */
  readonly prefixDf: number;
  /** Terms (stemmed) at least this long also match longer words they start. */
  readonly minPrefixLength: number;
  /** MiniSearch weight of a prefix match against an exact one. */
  readonly prefixWeight: number;
  /** Spelling fixes for words the knowledge base does not know: 1 edit from this length… */
  readonly typoMinLength: number;
  /** …and 2 edits from this one. The first letter must match, so "tokyo" never becomes "token". */
  readonly typoLongLength: number;
}

export const defaultRanking: RankingOptions = {
  phrasingWeight: 0.5,
  bodyBoost: 0.35,
  unknownWeight: 1.5,
  unknownNumberWeight: 0.5,
  prefixCredit: 0.5,
  prefixDf: 0.5,
  minPrefixLength: 4,
  prefixWeight: 0.375,
  typoMinLength: 5,
  typoLongLength: 8,
};

export interface Candidate {
  readonly entry: KnowledgeEntry;
  readonly score: number;
  /** Fraction of the meaningful query terms found in the entry, each term weighted by its rarity. */
  readonly coverage: number;
  /** Score divided by the number of meaningful query terms. */
  readonly strength: number;
  /** The query terms (as the index sees them) the entry matched. */
  readonly matched?: readonly string[];
}

/** What a search concludes; `C` is how a candidate travels (with its entry, or only its id between threads). */
export type SearchOutcome<C = Candidate> =
  | { readonly kind: 'answer'; readonly best: C; readonly others: readonly C[] }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly C[] }
  | { readonly kind: 'none'; readonly best: C | undefined };

/** The same outcome with each candidate mapped and `extra` added; literals, not spreads (docs/performance.md). */
export function mapOutcome<A, B, X extends object>(
  outcome: SearchOutcome<A>,
  f: (candidate: A) => B,
  extra: X,
): SearchOutcome<B> & X {
  let mapped: SearchOutcome<B>;
  switch (outcome.kind) {
    case 'answer':
      mapped = { kind: 'answer', best: f(outcome.best), others: outcome.others.map(f) };
      break;
    case 'ambiguous':
      mapped = { kind: 'ambiguous', candidates: outcome.candidates.map(f) };
      break;
    case 'none':
      mapped = { kind: 'none', best: outcome.best === undefined ? undefined : f(outcome.best) };
      break;
  }
  return Object.assign(mapped, extra);
}

/** A query term with its weight in coverage and the number of entries that contain it. */
export interface TermWeight {
  readonly term: string;
  readonly weight: number;
  /** Entries that contain the term (exactly or as a prefix). */
  readonly entries: number;
}
