/* Offline eval: top-1 accuracy per language and out-of-scope declines on test/data/eval.yaml. */
import { localeOf } from '../src/i18n';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { FaqEngine } from '../src/knowledge/faqEngine';
import { loadKnowledgeBase } from '../src/knowledge/loader';
import { languageSchema, languages, perLanguage, type Language } from '../src/knowledge/schema';
import { defaultTuning, type SearchTuning } from '../src/knowledge/search';
import { loadSynonyms } from '../src/knowledge/text';

export const evalItemSchema = z.strictObject({
  q: z.string().min(1),
  lang: languageSchema,
  expect: z.string().nullable(),
});
export type EvalItem = z.infer<typeof evalItemSchema>;

/** Top-1 accuracy per language (1 for a language the set has no question in), and out-of-scope declines. */
export type EvalScore = Readonly<Record<Language, number>> & {
  readonly outOfScope: number;
  readonly misses: readonly string[];
};

const defaultEvalFile = path.join(__dirname, '..', 'test', 'data', 'eval.yaml');

export async function loadEvalSet(file = defaultEvalFile): Promise<EvalItem[]> {
  return z.array(evalItemSchema).parse(parse(await readFile(file, 'utf8')));
}

/** A question counts as right when the bot answers it with the expected entry, or declines one out of scope. */
export function score(engine: FaqEngine, items: readonly EvalItem[], tuning?: SearchTuning): EvalScore {
  const tally = perLanguage(() => [0, 0]);
  const oos = [0, 0];
  const misses: string[] = [];
  for (const item of items) {
    const result = engine.ask(item.q, localeOf(item.lang).intl, tuning);
    const got =
      result.kind === 'answer'
        ? result.best.entry.id
        : result.kind === 'ambiguous'
          ? `?${result.candidates.map((c) => c.entry.id).join('|')}`
          : null;
    const bucket = item.expect === null ? oos : tally[item.lang];
    const ok =
      item.expect === null
        ? result.kind === 'none'
        : result.kind === 'answer' && got === item.expect && result.language === item.lang;
    bucket[1] = (bucket[1] ?? 0) + 1;
    if (ok) bucket[0] = (bucket[0] ?? 0) + 1;
    else
      misses.push(
        `[${item.lang}] "${item.q}" expected ${item.expect ?? '(decline)'}, ` +
          `got ${got ?? '(decline)'} in ${result.language}`,
      );
  }
  const ratio = ([ok, n]: number[]): number => (n ? (ok ?? 0) / n : 1);
  return { ...perLanguage((l) => ratio(tally[l])), outOfScope: ratio(oos), misses };
}

/** Ranking does not depend on the thresholds: compute it once per question while the grid is searched. */
function memoizeRanking(engine: FaqEngine): void {
  const rank = engine.index.rank.bind(engine.index);
  const cache = new Map<string, ReturnType<typeof rank>>();
  Object.assign(engine.index, {
    rank: (question: string, language: Language, limit?: number) => {
      const key = `${language}|${limit ?? ''}|${question}`;
      const cached = cache.get(key) ?? rank(question, language, limit);
      cache.set(key, cached);
      return cached;
    },
  });
}

const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

/**
 * Grid search over the thresholds. Best worst figure first, then best total; among equals, the point
 * whose neighbours also score well (the middle of a plateau rather than its edge). The ambiguity ratio
 * stays below 1 so that "Did you mean" remains reachable.
 */
export function tune(engine: FaqEngine, items: readonly EvalItem[]): { tuning: SearchTuning; result: EvalScore } {
  memoizeRanking(engine);
  const axes = {
    minCoverage: range(0.2, 0.6, 0.05),
    minStrength: range(0, 3, 0.25),
    ambiguityRatio: range(0.85, 0.97, 0.01),
  };
  const worstOf = (r: EvalScore): number => Math.min(...languages.map((l) => r[l]), r.outOfScope);
  const sumOf = (r: EvalScore): number => languages.reduce((sum, l) => sum + r[l], r.outOfScope);
  const grid = axes.minCoverage.map((minCoverage) =>
    axes.minStrength.map((minStrength) =>
      axes.ambiguityRatio.map((ambiguityRatio) => {
        const tuning = { minCoverage, minStrength, ambiguityRatio };
        const result = score(engine, items, tuning);
        return { tuning, result, worst: worstOf(result), sum: sumOf(result) };
      }),
    ),
  );
  const neighbourhood = (i: number, j: number, k: number): number => {
    const around: number[] = [];
    for (const di of [-1, 0, 1]) {
      for (const dj of [-1, 0, 1]) {
        for (const dk of [-1, 0, 1]) {
          const cell = grid[i + di]?.[j + dj]?.[k + dk];
          around.push(cell ? cell.worst : 0);
        }
      }
    }
    return around.reduce((a, b) => a + b, 0) / around.length;
  };
  const compare = (a: readonly number[], b: readonly number[]): number => {
    for (const [n, v] of a.entries()) {
      const d = v - (b[n] ?? 0);
      if (Math.abs(d) > 1e-9) return d;
    }
    return 0;
  };
  let best: { tuning: SearchTuning; result: EvalScore; key: number[] } | undefined;
  grid.forEach((plane, i) =>
    plane.forEach((row, j) =>
      row.forEach((cell, k) => {
        const key = [cell.worst, cell.sum, neighbourhood(i, j, k)];
        if (!best || compare(key, best.key) > 0) best = { tuning: cell.tuning, result: cell.result, key };
      }),
    ),
  );
  if (!best) throw new Error('empty grid');
  return best;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

async function main(): Promise<void> {
  const kb = await loadKnowledgeBase();
  if (!kb.ok) throw new Error(kb.error.join('\n'));
  const items = await loadEvalSet();
  const synonyms = loadSynonyms();
  const buildStart = performance.now();
  const engine = new FaqEngine(kb.value, synonyms);
  const buildMs = performance.now() - buildStart;
  const ask = (item: EvalItem): unknown => engine.ask(item.q, localeOf(item.lang).intl);
  items.forEach(ask); // warm-up: the first calls pay for JIT compilation
  const askTimes = items.map((item) => {
    const start = performance.now();
    ask(item);
    return performance.now() - start;
  });
  askTimes.sort((a, b) => a - b);
  const counts = languages.map((l) => `${items.filter((i) => i.lang === l && i.expect).length} ${l}`);
  const outOfScope = items.filter((i) => !i.expect).length;
  const { tuning, result } = process.argv.includes('--tune')
    ? tune(engine, items)
    : { tuning: defaultTuning, result: score(engine, items) };
  const out = process.stdout;
  out.write(
    `Knowledge base: ${kb.value.length} entries; eval: ${items.length} questions ` +
      `(${counts.join(', ')}, ${outOfScope} out of scope)\n`,
  );
  const median = askTimes[askTimes.length >> 1] ?? 0;
  out.write(
    `Index build: ${buildMs.toFixed(0)} ms; ask() after warm-up: ` +
      `median ${median.toFixed(2)} ms, max ${(askTimes.at(-1) ?? 0).toFixed(2)} ms\n`,
  );
  out.write(`Tuning: ${JSON.stringify(tuning)}\n`);
  const row = (label: string, x: number): string => `${`${label}:`.padEnd(26)}${pct(x)}\n`;
  for (const l of languages) out.write(row(`Top-1 accuracy, ${localeOf(l).englishName}`, result[l]));
  out.write(row('Out of scope declined', result.outOfScope));
  if (process.argv.includes('--misses')) result.misses.forEach((m) => out.write(`  miss ${m}\n`));
  else out.write(`(${result.misses.length} misses; --misses lists them)\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
