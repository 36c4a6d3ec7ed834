/* Offline eval: top-1 accuracy per language and out-of-scope declines on test/data/eval.yaml. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { FaqEngine } from '../src/knowledge/faqEngine';
import { loadKnowledgeBase } from '../src/knowledge/loader';
import { defaultTuning, type SearchTuning } from '../src/knowledge/search';
import { loadSynonyms } from '../src/knowledge/text';

export const evalItemSchema = z.strictObject({ q: z.string().min(1), lang: z.enum(['en', 'fr']), expect: z.string().nullable() });
export type EvalItem = z.infer<typeof evalItemSchema>;

export interface EvalScore {
  readonly en: number;
  readonly fr: number;
  readonly outOfScope: number;
  readonly misses: readonly string[];
}

export async function loadEvalSet(file = path.join(__dirname, '..', 'test', 'data', 'eval.yaml')): Promise<EvalItem[]> {
  return z.array(evalItemSchema).parse(parse(await readFile(file, 'utf8')));
}

/** A question counts as right when the bot answers it with the expected entry, or declines an out-of-scope one. */
export function score(engine: FaqEngine, items: readonly EvalItem[], tuning?: SearchTuning): EvalScore {
  const tally = { en: [0, 0], fr: [0, 0], oos: [0, 0] };
  const misses: string[] = [];
  for (const item of items) {
    const result = engine.ask(item.q, item.lang === 'fr' ? 'fr-FR' : 'en-US', tuning);
    const got = result.kind === 'answer' ? result.best.entry.id : result.kind === 'ambiguous' ? `?${result.candidates.map((c) => c.entry.id).join('|')}` : null;
    const bucket = item.expect === null ? tally.oos : tally[item.lang];
    const ok = item.expect === null ? result.kind === 'none' : result.kind === 'answer' && got === item.expect && result.language === item.lang;
    bucket[1] = (bucket[1] ?? 0) + 1;
    if (ok) bucket[0] = (bucket[0] ?? 0) + 1;
    else misses.push(`[${item.lang}] "${item.q}" expected ${item.expect ?? '(decline)'}, got ${got ?? '(decline)'} in ${result.language}`);
  }
  const ratio = ([ok, n]: number[]): number => (n ? (ok ?? 0) / n : 1);
  return { en: ratio(tally.en), fr: ratio(tally.fr), outOfScope: ratio(tally.oos), misses };
}

function tune(engine: FaqEngine, items: readonly EvalItem[]): { tuning: SearchTuning; result: EvalScore } {
  let best: { tuning: SearchTuning; result: EvalScore; worst: number; sum: number } | undefined;
  for (const minCoverage of [0.3, 0.4, 0.5, 0.6, 0.67, 0.75]) {
    for (const minStrength of [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6]) {
      for (const ambiguityRatio of [0.85, 0.9, 0.95, 1.01]) {
        const tuning = { minCoverage, minStrength, ambiguityRatio };
        const result = score(engine, items, tuning);
        const worst = Math.min(result.en, result.fr, result.outOfScope);
        const sum = result.en + result.fr + result.outOfScope;
        if (!best || worst > best.worst || (worst === best.worst && sum > best.sum)) best = { tuning, result, worst, sum };
      }
    }
  }
  if (!best) throw new Error('empty grid');
  return best;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

async function main(): Promise<void> {
  const kb = await loadKnowledgeBase();
  if (!kb.ok) throw new Error(kb.errors.join('\n'));
  const items = await loadEvalSet();
  const engine = new FaqEngine(kb.entries, loadSynonyms());
  const counts = { en: items.filter((i) => i.lang === 'en' && i.expect).length, fr: items.filter((i) => i.lang === 'fr' && i.expect).length, oos: items.filter((i) => !i.expect).length };
  const { tuning, result } = process.argv.includes('--tune') ? tune(engine, items) : { tuning: defaultTuning, result: score(engine, items) };
  const out = process.stdout;
  out.write(`Knowledge base: ${kb.entries.length} entries; eval: ${items.length} questions (${counts.en} en, ${counts.fr} fr, ${counts.oos} out of scope)\n`);
  out.write(`Tuning: ${JSON.stringify(tuning)}\n`);
  out.write(`Top-1 accuracy, English:  ${pct(result.en)}\nTop-1 accuracy, French:   ${pct(result.fr)}\nOut of scope declined:    ${pct(result.outOfScope)}\n`);
  if (process.argv.includes('--misses')) result.misses.forEach((m) => out.write(`  miss ${m}\n`));
  else out.write(`(${result.misses.length} misses; --misses lists them)\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
