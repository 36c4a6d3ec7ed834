import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stemmer as stemEn } from '@orama/stemmers/english';
import { stemmer as stemFr } from '@orama/stemmers/french';
import { stopwords as stopEn } from '@orama/stopwords/english';
import { stopwords as stopFr } from '@orama/stopwords/french';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Language } from './schema';

const synonymsSchema = z.array(z.strictObject({ canonical: z.string().min(1), variants: z.array(z.string().min(1)).min(1) }));
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

/** One regex per synonym set; variants longest first so "visual studio" wins over "vs". */
export function compileSynonyms(synonyms: Synonyms): (folded: string) => string {
  const rules = synonyms.map(({ canonical, variants }) => {
    const alternatives = variants
      .map(fold)
      .sort((a, b) => b.length - a.length)
      .map((v) => escape(v).replace(/ /g, '\\s+'));
    return { pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu'), canonical };
  });
  return (folded) => rules.reduce((text, rule) => text.replace(rule.pattern, ` ${rule.canonical} `), folded);
}

// Single letters left by French elisions (l', d', j', qu') carry nothing.
const elisions = ['l', 'd', 'j', 'c', 'm', 'n', 's', 't', 'qu'];
// Chat filler: greetings, politeness, contractions typed without the apostrophe (or split at it),
// hedges. None of them says what a question is about.
const chatEn = [
  'a', 'pls', 'plz', 'please', 'hi', 'hello', 'hey', 'thanks', 'thx', 'ok', 'okay', 'u', 'ur', 'im', 'ive', 'id', 'ill',
  'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'wouldnt', 'couldnt', 'shouldnt',
  'havent', 'hasnt', 'whats', 'wheres', 'hows', 'whos', 'thats', 'theres', 'lets', 'isn', 'aren', 'wasn', 'weren',
  'doesn', 'don', 'didn', 'hasn', 'haven', 'hadn', 'couldn', 'wouldn', 'shouldn', 'mustn', 'll', 're', 've', 'd', 'm',
  'just', 'maybe', 'really', 'actually', 'anymore', 'also', 'guys', 'anyone', 'someone', 'something', 'anything', 'w',
  'pretty', 'quick', 'question', 'know', 'tell', 'get', 'got', 'would', 'like', 'need', 'want', 'way', 'thing',
];
const chatFr = [
  'stp', 'svp', 'merci', 'bonjour', 'salut', 'coucou', "c'est", 'est-ce', 'quoi', 'faut', 'ok', 'ca', 'ya', 'bien',
  'alors', 'donc', 'juste', 'aussi', 'vraiment', 'question', 'savoir', 'voudrais', 'veux', 'peux', 'peut', 'pu', 'puis',
  'pouvez', 'pouvons', 'dois', 'doit', 'devons', 'chose', 'truc', 'quelqu', 'quelque', 'svp', 'genre', 'bah', 'ben',
];
const stopwordSets: Record<Language, ReadonlySet<string>> = {
  en: new Set([...stopEn, ...chatEn]),
  fr: new Set([...stopFr.map(fold), ...elisions, ...chatFr]),
};
const stemmers: Record<Language, (word: string) => string> = { en: stemEn, fr: stemFr };

export function isStopword(term: string, language: Language): boolean {
  return stopwordSets[language].has(term);
}

/** The term pipeline shared by indexing and querying: stop words out, the rest stemmed. */
export function processTerm(term: string, language: Language): string | null {
  if (term.length === 0 || isStopword(term, language)) return null;
  if (/^\d+$/.test(term)) return term;
  return stemmers[language](term);
}

export const tokenPattern = /[^\p{L}\p{N}]+/u;

export function tokenize(folded: string): string[] {
  return folded.split(tokenPattern).filter((t) => t.length > 0);
}
