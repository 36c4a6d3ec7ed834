/*
 * Compose-box search benchmark: the real app in-process on 127.0.0.1 (as scripts/bench.ts), N
 * composeExtension/query invokes POSTed to /api/messages with the eval questions (test/data/eval.yaml,
 * English and French, in and out of scope) and, every tenth, the initialRun Teams sends when the command
 * opens. Measures the HTTP round trip: the invoke sent → its response body read, which is what Teams waits
 * for (Store rule: 2 s). Prints p50/p99/max; asserts nothing.
 *
 *   npm run bench:compose [-- --queries 3000 --concurrency 8 --warmup 200]
 */
import { performance } from 'node:perf_hooks';
import { percentile } from './support/benchStats';
import { composeQueryActivity, postInvoke, teamsUser, type TeamsActivity } from './support/teamsClient';
import { runBench, startBenchApp } from './support/benchApp';
import { loadEvalSet } from './eval';

interface Options {
  readonly queries: number;
  readonly concurrency: number;
  readonly warmup: number;
}

function readOptions(argv: readonly string[]): Options {
  const num = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    const value = i >= 0 ? Number(argv[i + 1]) : NaN;
    return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
  };
  return { queries: num('queries', 3000), concurrency: num('concurrency', 8), warmup: num('warmup', 200) };
}

interface Sample {
  readonly ms: number;
  /** results, no match, initialRun, or error. */
  readonly kind: string;
}

/** Names the answer Teams got: a list of results, the "nothing matches" message, or an error. */
function classify(status: number, body: unknown, initialRun: boolean): string {
  const extension = (body as { composeExtension?: { type?: unknown; attachments?: unknown } } | null)?.composeExtension;
  if (status !== 200 || !extension) return 'error';
  if (extension.type === 'message') return 'no match';
  const count = Array.isArray(extension.attachments) ? extension.attachments.length : 0;
  if (extension.type !== 'result' || count === 0) return 'error';
  return initialRun ? 'initialRun' : 'results';
}

async function run(
  messagesUrl: string,
  activities: readonly { readonly activity: TeamsActivity; readonly initialRun: boolean }[],
  total: number,
  concurrency: number,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const item = activities[next % activities.length];
      next += 1;
      if (!item) continue;
      // A fresh id per invoke, as Teams sends.
      const activity = { ...item.activity, id: `bench-${next}` };
      const sent = performance.now();
      try {
        const { status, body } = await postInvoke(messagesUrl, activity);
        samples.push({ ms: performance.now() - sent, kind: classify(status, body, item.initialRun) });
      } catch {
        samples.push({ ms: performance.now() - sent, kind: 'error' });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return samples;
}

const row = (name: string, samples: readonly Sample[]): string => {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const cells = [
    name.padEnd(14),
    String(sorted.length).padStart(7),
    percentile(sorted, 50).toFixed(2).padStart(9),
    percentile(sorted, 99).toFixed(2).padStart(9),
    (sorted.at(-1) ?? NaN).toFixed(2).padStart(9),
  ];
  return `${cells.join(' ')}\n`;
};

async function main(): Promise<void> {
  const { queries, concurrency, warmup } = readOptions(process.argv.slice(2));
  const out = process.stdout;
  const bench = await startBenchApp('bench-compose');
  const { connector } = bench;
  const messagesUrl = `${await bench.listen()}/api/messages`;

  const users = { en: teamsUser('Bench Compose', 'en-US'), fr: teamsUser('Bench Compose', 'fr-FR') };
  const items = await loadEvalSet();
  const activities = items.flatMap((item, i) => {
    const user = users[item.lang === 'fr' ? 'fr' : 'en'];
    const query = { activity: composeQueryActivity(user, connector.serviceUrl, item.q), initialRun: false };
    if (i % 10 !== 0) return [query];
    const opening = {
      ...composeQueryActivity(user, connector.serviceUrl, ''),
      value: { commandId: 'searchFaq', parameters: [{ name: 'initialRun', value: 'true' }] },
    };
    return [{ activity: opening, initialRun: true }, query];
  });
  out.write(
    `Compose-box search bench: ${queries} composeExtension/query invokes after ${warmup} warm-up, ` +
      `${concurrency} at a time, over ${items.length} eval questions plus an initialRun every tenth; ` +
      `search on the ${bench.config.searchThread === 'worker' ? 'search thread' : 'event loop'} ` +
      `(SEARCH_THREAD=${bench.config.searchThread})\n`,
  );

  await run(messagesUrl, activities, warmup, concurrency);
  const t0 = performance.now();
  const samples = await run(messagesUrl, activities, queries, concurrency);
  const seconds = (performance.now() - t0) / 1000;

  out.write(
    `\n${'kind'.padEnd(14)} ${'queries'.padStart(7)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ` +
      `${'max ms'.padStart(9)}\n`,
  );
  out.write(row('all', samples));
  for (const kind of ['results', 'initialRun', 'no match', 'error']) {
    const some = samples.filter((s) => s.kind === kind);
    if (some.length > 0) out.write(row(`  ${kind}`, some));
  }
  out.write(`\n${(samples.length / seconds).toFixed(0)} queries/s; Teams' limit is 2000 ms per query.\n`);

  await bench.close();
}

runBench(main);
