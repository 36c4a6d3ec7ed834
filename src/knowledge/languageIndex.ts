import MiniSearch, { type SearchOptions } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { KnowledgeEntry, Language } from './schema';
import type { RankingOptions } from './searchTypes';
import { processTerm } from './text';

/* One language's MiniSearch indexes and spelling dictionary, built once from the entries. */

interface PhrasingDoc {
  readonly id: string;
  readonly entryId: string;
  readonly text: string;
}

interface EntryDoc {
  readonly id: string;
  readonly phrasings: string;
  readonly body: string;
}

export interface LanguageIndex {
  /** One document per phrasing: rewards an entry with one phrasing close to the whole question. */
  readonly phrasings: MiniSearch<PhrasingDoc>;
  /** One document per entry (phrasings and body as two fields): entry-level rarity and BM25. */
  readonly entries: MiniSearch<EntryDoc>;
  /** Words of the knowledge base (folded, synonyms applied) with their counts, for spelling fixes. */
  readonly words: SearchableMap<number>;
  /** Stemmed terms the knowledge base contains. */
  readonly stems: ReadonlySet<string>;
}

/** Answer, details and tags as plain words: link targets, bare URLs and list numbers carry no meaning. */
function bodyText(entry: KnowledgeEntry, language: Language): string {
  const { answer, details } = entry[language];
  const plain = (markdown: string): string =>
    markdown
      .replace(/\]\([^)]*\)/g, ']')
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/^\s*\d+\.\s+/gm, '');
  return `${plain(answer)}\n${plain(details)}\n${entry.tags.join(' ')}`;
}

const phrasingsOf = (entry: KnowledgeEntry, language: Language): string[] => {
  const { title, question, alternates } = entry[language];
  return [title, question, ...alternates];
};

const identity = (term: string): string => term;
const splitQuery = (query: string): string[] => query.split(' ');

/**
 * Builds one language's indexes. `tokens` turns a line into the index's words (folded, synonyms applied);
 * queries go through the same function, so both sides see the same words.
 */
export function buildLanguageIndex(
  entries: readonly KnowledgeEntry[],
  language: Language,
  tokens: (text: string) => string[],
  ranking: RankingOptions,
): LanguageIndex {
  // Each text is canonicalized once (synonym rules are the costly part) and each word stemmed once.
  const lineTokens = new Map<string, string[]>();
  const tokenizeText = (text: string): string[] =>
    text.split('\n').flatMap((line) => {
      const cached = lineTokens.get(line) ?? tokens(line);
      lineTokens.set(line, cached);
      return cached;
    });
  const stemmed = new Map<string, string | null>();
  const stem = (term: string): string | null => {
    const cached = stemmed.has(term) ? stemmed.get(term) : processTerm(term, language);
    stemmed.set(term, cached ?? null);
    return cached ?? null;
  };
  // Fixed here, not passed per query: MiniSearch spreads per-query options into its defaults, which
  // is slow on Node 20 (docs/performance.md).
  const searchOptions: SearchOptions = {
    combineWith: 'OR',
    tokenize: splitQuery,
    processTerm: identity,
    prefix: (term) => term.length >= ranking.minPrefixLength,
    weights: { fuzzy: 0, prefix: ranking.prefixWeight },
  };
  const phrasings = new MiniSearch<PhrasingDoc>({
    fields: ['text'],
    storeFields: ['entryId'],
    tokenize: tokenizeText,
    processTerm: stem,
    searchOptions,
  });
  const entryIndex = new MiniSearch<EntryDoc>({
    fields: ['phrasings', 'body'],
    tokenize: tokenizeText,
    processTerm: stem,
    searchOptions: { ...searchOptions, boost: { phrasings: 1, body: ranking.bodyBoost } },
  });
  const phrasingDocs: PhrasingDoc[] = [];
  const entryDocs: EntryDoc[] = [];
  for (const entry of entries) {
    const texts = phrasingsOf(entry, language).map((text) => text.replace(/\s+/g, ' '));
    texts.forEach((text, i) => phrasingDocs.push({ id: `${entry.id}#${i}`, entryId: entry.id, text }));
    entryDocs.push({ id: entry.id, phrasings: texts.join('\n'), body: bodyText(entry, language) });
  }
  phrasings.addAll(phrasingDocs);
  entryIndex.addAll(entryDocs);
  // The spelling dictionary is the edited prose (titles, questions, answers, details, tags), not the
  // alternates: those mimic users, typos included ("benfits"), and a typo there must not become a word.
  const words = new SearchableMap<number>();
  const stems = new Set<string>();
  for (const entry of entries) {
    const { title, question } = entry[language];
    for (const token of tokenizeText(`${title}\n${question}\n${bodyText(entry, language)}`)) {
      words.update(token, (count = 0) => count + 1);
      const term = stem(token);
      if (term !== null) stems.add(term);
    }
  }
  return { phrasings, entries: entryIndex, words, stems };
}
