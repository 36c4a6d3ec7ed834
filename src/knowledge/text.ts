import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stemmer as stemEn } from '@orama/stemmers/english';
import { stemmer as stemFr } from '@orama/stemmers/french';
import { stopwords as stopEn } from '@orama/stopwords/english';
import { stopwords as stopFr } from '@orama/stopwords/french';
import { parse } from 'yaml';
import { z } from 'zod';
import { languageSchema, type KnowledgeEntry, type Language } from './schema';

export const synonymsSchema = z.array(
  z.strictObject({
    canonical: z.string().min(1),
    variants: z.array(z.string().min(1)).min(1),
    /** Only for this language (e.g. an abbreviation that is an ordinary word in the other one). */
    lang: languageSchema.optional(),
  }),
);
export type Synonyms = z.infer<typeof synonymsSchema>;

export const defaultSynonymsFile = path.join(__dirname, 'synonyms.yaml');

export function loadSynonyms(file: string = defaultSynonymsFile): Synonyms {
  return synonymsSchema.parse(parse(readFileSync(file, 'utf8')));
}

/** Lower case, accents removed, typographic apostrophes and dashes made plain. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[‐-―]/g, '-');
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * "vs" is Visual Studio ("give him a VS sub", "VS pro") unless it sits between two ordinary words,
 * as in "Gold vs Silver" or "add vs extend": then it is "versus", a stop word.
 */
const visualStudioContext = new Set([
  'sub',
  'subs',
  'subscr',
  'subscription',
  'subscriptions',
  'subscriber',
  'licence',
  'licences',
  'license',
  'licenses',
  'seat',
  'seats',
  'enterprise',
  'enterprize',
  'entreprise',
  'professional',
  'professionnel',
  'pro',
  'community',
  'login',
  'logins',
  'account',
  'accounts',
  'portal',
  'portail',
  'edition',
  'abo',
  'abos',
  'abonnement',
  'abonnements',
  'ide',
  'ides',
  'identifiants',
  'credentials',
  'access',
  'acces',
]);

function markVersus(folded: string, language: Language): string {
  return folded.replace(/(?<![\p{L}\p{N}])(?:vs|v\/s)\.?(?![\p{L}\p{N}])/gu, (match, offset: number, text: string) => {
    const before = tokenize(text.slice(0, offset)).at(-1);
    const after = tokenize(text.slice(offset + match.length))[0];
    const ordinary = (word: string | undefined): boolean =>
      word !== undefined && !/^\d+$/.test(word) && !isStopword(word, language) && !visualStudioContext.has(word);
    return ordinary(before) && ordinary(after) ? ' versus ' : match;
  });
}

/** One regex per synonym set; variants longest first so "visual studio" wins over "vs". */
export function compileSynonyms(synonyms: Synonyms, language?: Language): (folded: string) => string {
  const rules = synonyms
    .filter((synonym) => !synonym.lang || !language || synonym.lang === language)
    .map(({ canonical, variants }) => {
      const alternatives = variants
        .map(fold)
        .sort((a, b) => b.length - a.length)
        .map((v) => escape(v).replace(/ /g, '[\\s-]+'));
      return {
        pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu'),
        canonical,
      };
    });
  return (folded) => {
    const text = language ? markVersus(folded, language) : folded;
    return rules.reduce((out, rule) => out.replace(rule.pattern, ` ${rule.canonical} `), text);
  };
}

// Single letters left by French elisions (l', d', j', qu') carry nothing.
const elisions = ['l', 'd', 'j', 'c', 'm', 'n', 's', 't', 'qu'];
// Chat filler: greetings, politeness, contractions typed without their apostrophe (or split at it),
// hedges and small verbs. None of them says what a question is about.
const chatEn = [
  'a',
  's',
  't',
  'versus',
  'pls',
  'plz',
  'please',
  'hi',
  'hello',
  'hey',
  'thanks',
  'thx',
  'ok',
  'okay',
  'u',
  'ur',
  'im',
  'ive',
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'wont',
  'wouldnt',
  'couldnt',
  'shouldnt',
  'havent',
  'hasnt',
  'whats',
  'wheres',
  'hows',
  'whos',
  'thats',
  'theres',
  'lets',
  'isn',
  'aren',
  'wasn',
  'weren',
  'doesn',
  'don',
  'didn',
  'hasn',
  'haven',
  'hadn',
  'couldn',
  'wouldn',
  'shouldn',
  'mustn',
  'll',
  're',
  've',
  'd',
  'm',
  'just',
  'maybe',
  'really',
  'actually',
  'anymore',
  'also',
  'guys',
  'anyone',
  'someone',
  'something',
  'anything',
  'w',
  'now',
  'ago',
  'pretty',
  'quick',
  'know',
  'tell',
  'got',
  'would',
  'like',
  'need',
  'want',
  'way',
  'thing',
];
const chatFr = [
  'versus',
  'stp',
  'svp',
  'merci',
  'bonjour',
  'salut',
  'coucou',
  "c'est",
  'est-ce',
  'quoi',
  'faut',
  'ok',
  'ca',
  'ya',
  'bien',
  'alors',
  'donc',
  'maintenant',
  'juste',
  'aussi',
  'vraiment',
  'savoir',
  'voudrais',
  'veux',
  'peux',
  'peut',
  'pu',
  'puis',
  'pouvez',
  'pouvons',
  'faire',
  'fait',
  'fais',
  'pourquoi',
  'comment',
  'dois',
  'doit',
  'devons',
  'chose',
  'truc',
  'quelqu',
  'quelque',
  'genre',
  'bah',
  'ben',
  // Prepositions and adverbs the English list has too (before, after, during, since, between, more…).
  'avant',
  'apres',
  'pendant',
  'depuis',
  'entre',
  'contre',
  'sous',
  'vers',
  'chez',
  'jusqu',
  'plus',
  'tres',
  'trop',
];
// "when" / "quand" stay terms: they tell a question about dates (renewal window, expiry) from the rest.
const kept = new Set(['when']);
// A language with no stop words or stemmer here is searched word for word: every word a term, unstemmed.
const stopwordSets: Partial<Record<Language, ReadonlySet<string>>> = {
  en: new Set([...stopEn, ...chatEn].filter((w) => !kept.has(w))),
  fr: new Set([...stopFr.map(fold), ...elisions, ...chatFr]),
};
const stemmers: Partial<Record<Language, (word: string) => string>> = { en: stemEn, fr: stemFr };

export function isStopword(term: string, language: Language): boolean {
  return stopwordSets[language]?.has(term) ?? false;
}

/** The term pipeline shared by indexing and querying: stop words out, the rest stemmed. */
export function processTerm(term: string, language: Language): string | null {
  if (term.length === 0 || isStopword(term, language)) return null;
  if (/^\d+$/.test(term)) return term;
  const stem = stemmers[language];
  return stem ? stem(term) : term;
}

export const tokenPattern = /[^\p{L}\p{N}]+/u;

/**
 * Longer than any word of the knowledge base (its longest, "createadvisoryhoursservicerequest", has 33 letters)
 * or of a question: a longer run of letters is noise, and fuzzy matching costs its length squared in time and
 * memory (a 45,000-letter word took 18 s and 3 GB).
 */
export const maxTermLength = 40;
/** A question is a sentence or two: the knowledge base's longest phrasing has 147 characters and 25 words. */
export const maxQueryLength = 500;

// Overlong words and control characters, in one pass. Marks count as letters here: fold() removes them, so
// "e\u0301" repeated is one long word once folded.
const noise = new RegExp(`[\\p{L}\\p{N}\\p{M}]{${maxTermLength + 1},}|\\p{Cc}+`, 'gu');
const lastWordCut = /[^\p{L}\p{N}\p{M}][\p{L}\p{N}\p{M}]*$/u;

/**
 * The text a search reads, before any other work: control characters as spaces, overlong words dropped, then
 * the first maxQueryLength characters, cut between words. Dropped, not truncated: a truncated word would still
 * be a term the knowledge base has never seen, which weighs most in coverage and would turn a real question
 * with noise appended into "no answer". Dropped before the cut, so noise put first does not push the question
 * out. Linear in the text's length, and idempotent (searches apply it at each public entry point).
 */
export function boundedQuery(text: string): string {
  const plain = text.replace(noise, ' ');
  if (plain.length <= maxQueryLength) return plain;
  const head = plain.slice(0, maxQueryLength + 1);
  const cut = lastWordCut.exec(head)?.index ?? maxQueryLength;
  return head.slice(0, cut).trimEnd();
}

export function tokenize(folded: string): string[] {
  return folded.split(tokenPattern).filter((t) => t.length > 0);
}

/**
 * A phrasing as typed, give or take case, accents, apostrophes, punctuation and spacing: "How do I
 * renew my benefits?" and "how do i renew my benefits" have the same key. No synonyms, no stemming,
 * no stop words: two keys are equal only when the words are.
 */
export function phrasingKey(text: string): string {
  return tokenize(fold(text)).join(' ');
}

/**
 * Each entry's own question and alternates by phrasingKey. A key two entries share maps to null: that
 * question is really ambiguous (and a content bug), so it goes through the ranking like any other.
 */
export function ownPhrasings(
  entries: readonly KnowledgeEntry[],
  language: Language,
): ReadonlyMap<string, string | null> {
  const owners = new Map<string, string | null>();
  for (const entry of entries) {
    const { question, alternates } = entry[language];
    for (const key of [question, ...alternates].map(phrasingKey)) {
      const owner = owners.get(key);
      owners.set(key, owner === undefined || owner === entry.id ? entry.id : null);
    }
  }
  return owners;
}
