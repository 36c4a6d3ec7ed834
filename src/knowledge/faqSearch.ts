import type { FaqEngine, FaqResult } from './faqEngine';
import type { KnowledgeEntry, Language } from './schema';
import { mapOutcome, type Candidate } from './searchTypes';

/** Searching the knowledge base, wherever it runs (on the event loop or on a search thread). */
export interface FaqSearch {
  /** Picks the reply language and searches in it. */
  ask(text: string, locale: string | undefined): Promise<FaqResult>;
  /** Entries ranked for a question in one language, best first (compose box, generative sources). */
  rank(text: string, language: Language, limit: number): Promise<Candidate[]>;
  close(): Promise<void>;
}

/** Searches on the calling thread: tests, tools, and `SEARCH_THREAD=main`. */
export class InlineFaqSearch implements FaqSearch {
  constructor(private readonly engine: FaqEngine) {}

  ask(text: string, locale: string | undefined): Promise<FaqResult> {
    return Promise.resolve(this.engine.ask(text, locale));
  }

  rank(text: string, language: Language, limit: number): Promise<Candidate[]> {
    return Promise.resolve(this.engine.index.rank(text, language, limit));
  }

  async close(): Promise<void> {}
}

/** A candidate as it crosses threads: the entry by id, so only a few bytes are copied. */
export type WireCandidate = Omit<Candidate, 'entry'> & { readonly entryId: string };

// Field by field, not `{ ...rest, entryId }`: see docs/performance.md (no spread that adds keys).
export const toWire = ({ entry, score, coverage, strength, matched }: Candidate): WireCandidate => ({
  entryId: entry.id,
  score,
  coverage,
  strength,
  matched,
});

export const toWireResult = (result: FaqResult): FaqResult<WireCandidate> =>
  mapOutcome(result, toWire, { language: result.language });

/** Back to candidates with their entries; both threads load the same knowledge base, so every id resolves. */
export function fromWire(lookup: (id: string) => KnowledgeEntry | undefined): {
  readonly candidate: (wire: WireCandidate) => Candidate;
  readonly result: (wire: FaqResult<WireCandidate>) => FaqResult;
} {
  const candidate = ({ entryId, score, coverage, strength, matched }: WireCandidate): Candidate => {
    const entry = lookup(entryId);
    if (!entry) throw new Error(`search thread returned unknown entry ${entryId}`);
    return { entry, score, coverage, strength, matched };
  };
  return { candidate, result: (wire) => mapOutcome(wire, candidate, { language: wire.language }) };
}
