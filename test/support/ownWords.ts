import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { languages, type KnowledgeEntry, type Language } from '../../src/knowledge/schema';

/** Copies of ../shared/seeds (see test/fixtures/README.md), so the test runs without ../shared. */
export const seedsDir = path.join(__dirname, '..', 'fixtures', 'seeds');

/** A knowledge-base sentence may share at most this many consecutive words with a source sentence, minus one. */
export const minSharedRun = 8;

/**
 * UI text quoted from Partner Center, allowed word for word: it is cut out of a knowledge-base sentence before
 * the check. Keep it to labels and messages the user must recognize on screen.
 */
export const allowedQuotes: readonly string[] = [
  // 004 (and 000 in English): the error shown to an account tied to CSP only.
  'you are not authorized to perform this action',
  "vous n'êtes pas autorisé à effectuer cette action",
  // 004 / 000: the message shown when the company has no active membership offer.
  "you don't have any benefits yet",
  "vous n'avez pas encore d'avantages",
];

export interface SourceSentence {
  readonly file: string;
  readonly text: string;
}

export interface KbSentence {
  readonly id: string;
  readonly language: Language;
  readonly field: string;
  readonly text: string;
}

export interface Offence extends KbSentence {
  readonly run: string;
  readonly source: SourceSentence;
}

/** Lower case, one apostrophe, words of letters (accents kept) and digits; everything else separates words. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[\u2019\u2018\u02bc`]/g, "'")
      .match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? []
  );
}

/** Markdown and HTML down to plain text; `[label](url)` keeps the label, bare URLs go. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[!(NOTE|IMPORTANT|TIP|WARNING|CAUTION)\]/gi, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[*_#>|]+/g, ' ');
}

/** Sentences of a block of plain text: a line break or an end mark followed by a space ends one. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => words(s).length > 0);
}

/**
 * Sentences of one seed page. Span boundaries (each French `data-ttu-id` span, each English `sxs-lookup`
 * span), table cells and `<br>` end a segment; text outside spans (the French-only pages 003/004 and their
 * front matter) is read line by line the same way.
 */
export function sourceSentences(file: string, raw: string): SourceSentence[] {
  const segmented = raw.replace(/^(title|description):\s*/gm, '').replace(/<\/?span[^>]*>|<br\s*\/?>|\|/gi, '\n');
  return sentences(plainText(segmented)).map((text) => ({ file, text }));
}

export async function loadSourceSentences(dir: string = seedsDir): Promise<SourceSentence[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  const all: SourceSentence[] = [];
  for (const file of files) all.push(...sourceSentences(file, await readFile(path.join(dir, file), 'utf8')));
  return all;
}

/** Every sentence the knowledge base shows: title, question, each alternate, answer and details sentences. */
export function kbSentences(entry: KnowledgeEntry): KbSentence[] {
  const out: KbSentence[] = [];
  for (const language of languages) {
    const loc = entry[language];
    const add = (field: string, text: string): void => {
      for (const s of sentences(plainText(text))) out.push({ id: entry.id, language, field, text: s });
    };
    add('title', loc.title);
    add('question', loc.question);
    loc.alternates.forEach((a, i) => add(`alternates[${i}]`, a));
    add('answer', loc.answer);
    add('details', loc.details);
  }
  return out;
}

const quoteWords: readonly string[] = allowedQuotes.map((q) => words(q).join(' '));

/** The word runs of a sentence once the allowed quotes are cut out (a quote splits the sentence in two). */
function checkedRuns(text: string): string[][] {
  let joined = ` ${words(text).join(' ')} `;
  for (const quote of quoteWords) joined = joined.split(` ${quote} `).join(' \u0000 ');
  return joined.split('\u0000').map((part) => part.trim().split(' ').filter(Boolean));
}

export interface SourceIndex {
  readonly grams: ReadonlyMap<
    string,
    { readonly source: SourceSentence; readonly tokens: readonly string[]; readonly at: number }
  >;
}

/** Every run of `minSharedRun` words of every source sentence, pointing back to its sentence. */
export function indexSources(sources: readonly SourceSentence[]): SourceIndex {
  const grams = new Map<string, { source: SourceSentence; tokens: readonly string[]; at: number }>();
  for (const source of sources) {
    const tokens = words(source.text);
    for (let i = 0; i + minSharedRun <= tokens.length; i++) {
      const key = tokens.slice(i, i + minSharedRun).join(' ');
      if (!grams.has(key)) grams.set(key, { source, tokens, at: i });
    }
  }
  return { grams };
}

/** The longest run a sentence shares with a source sentence, if it reaches `minSharedRun` words. */
export function sharedRun(text: string, index: SourceIndex): { run: string; source: SourceSentence } | undefined {
  let best: { run: string; source: SourceSentence; length: number } | undefined;
  for (const tokens of checkedRuns(text)) {
    for (let i = 0; i + minSharedRun <= tokens.length; i++) {
      const hit = index.grams.get(tokens.slice(i, i + minSharedRun).join(' '));
      if (!hit) continue;
      // Extend the match as far as both sentences agree, so the report shows the whole shared run.
      let length = minSharedRun;
      while (i + length < tokens.length && tokens[i + length] === hit.tokens[hit.at + length]) length++;
      if (!best || length > best.length)
        best = { run: tokens.slice(i, i + length).join(' '), source: hit.source, length };
    }
  }
  return best && { run: best.run, source: best.source };
}

export function findOffences(entries: readonly KnowledgeEntry[], index: SourceIndex): Offence[] {
  const offences: Offence[] = [];
  for (const entry of entries) {
    for (const sentence of kbSentences(entry)) {
      const hit = sharedRun(sentence.text, index);
      if (hit) offences.push({ ...sentence, ...hit });
    }
  }
  return offences;
}

/** One line per offence: where it is, the sentence, and the words it shares with which source page. */
export function formatOffences(offences: readonly Offence[]): string {
  return offences
    .map((o) => `${o.id} ${o.language} ${o.field}: "${o.text}"\n    shares "${o.run}" with ${o.source.file}`)
    .join('\n');
}
