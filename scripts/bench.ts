/*
 * Turn benchmark: the real app in-process on 127.0.0.1, a fake Bot Connector, and a baseline echo bot
 * on the same restify server and CloudAdapter (POST /api/echo). Measures the full turn: POST sent →
 * reply received by the connector. Prints figures only; asserts nothing. The two kinds run in
 * alternating rounds so noise from other processes falls on both alike. By default each conversation
 * sends its next message as soon as the reply came (saturation); `--rate 50` paces all conversations
 * together at 50 messages a second, about what Teams allows a bot per tenant. See docs/performance.md.
 *
 *   npm run bench [-- --turns 24000 --concurrency 16 --seconds 60 --rounds 24 --warmup 300 --rate 0]
 *   npm run bench -- --baseline dialog    (the echo keeps its state in the database and runs a dialog)
 */
import { performance } from 'node:perf_hooks';
import type { Activity } from 'botbuilder';
import { TurnStateStorage } from '../src/bot/dbStorage';
import { strings } from '../src/i18n';
import {
  merge,
  percentile,
  stats,
  throughput,
  watchMajorGc,
  type Pause,
  type Phase,
  type Stats,
} from './support/benchStats';
import { DialogEchoBot, EchoBot } from './support/echoBots';
import type { FakeConnector } from './support/fakeConnector';
import { messageActivity, postActivity, teamsUser, type TeamsUser } from './support/teamsClient';
import { runBench, startBenchApp } from './support/benchApp';
import { loadEvalSet } from './eval';

interface Options {
  readonly turns: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly warmup: number;
  readonly rounds: number;
  /** Messages a second over all conversations; 0 sends each next message as soon as the reply came. */
  readonly rate: number;
  /** The echo to compare with: `bare` (no state), or `dialog` (state in the database and a dialog, as core-bot). */
  readonly baseline: 'bare' | 'dialog';
}

function readOptions(argv: readonly string[]): Options {
  const num = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    const value = i >= 0 ? Number(argv[i + 1]) : NaN;
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    turns: num('turns', 24_000),
    concurrency: num('concurrency', 16),
    seconds: num('seconds', 60),
    warmup: num('warmup', 300),
    rounds: num('rounds', 24),
    rate: num('rate', 0),
    baseline: argv[argv.indexOf('--baseline') + 1] === 'dialog' ? 'dialog' : 'bare',
  };
}

interface Question {
  readonly text: string;
  readonly locale: string;
}

interface Kind {
  readonly name: string;
  readonly url: string;
  /** Names the kind of reply (for the breakdown), or undefined when it is not a reply this kind should get. */
  readonly classify: (reply: Partial<Activity>) => string | undefined;
}

async function runPhase(
  kind: Kind,
  connector: FakeConnector,
  questions: readonly Question[],
  turns: number,
  concurrency: number,
  seconds: number,
  rate: number,
): Promise<Phase> {
  const { name, url, classify } = kind;
  const latencies: number[] = [];
  const labels: string[] = [];
  const posts: Promise<number>[] = [];
  let started = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;

  const worker = async (w: number): Promise<void> => {
    const users: Record<string, TeamsUser> = {
      'en-US': teamsUser(`Bench ${name} ${w}`, 'en-US'),
      'fr-FR': teamsUser(`Bench ${name} ${w}`, 'fr-FR'),
    };
    while (started < turns && performance.now() < deadline) {
      const slot = started;
      started += 1;
      // Paced: each message waits for its slot in the shared schedule.
      const due = rate > 0 ? t0 + (slot * 1000) / rate : 0;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      const question = questions[(slot * 7 + w) % questions.length] as Question;
      const user = users[question.locale] as TeamsUser;
      const activity = messageActivity(user, connector.serviceUrl, question.text);
      const sent = performance.now();
      const post = postActivity(url, activity).catch(() => 0);
      posts.push(post);
      try {
        const [reply] = await connector.next(user.conversationId, 1, { timeoutMs: 10_000 });
        if (!reply) throw new Error('no reply');
        latencies.push(reply.receivedAt - sent);
        const label = classify(reply.activity);
        labels.push(label ?? 'unexpected');
        if (reply.activity.replyToId !== activity.id || label === undefined) errors += 1;
      } catch {
        errors += 1;
        await post;
      }
    }
  };

  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - t0) / 1000;
  const statuses = await Promise.all(posts);
  errors += statuses.filter((s) => s !== 200).length;
  return { name, latencies, labels, seconds: elapsed, errors, span: { start: t0, end: performance.now() } };
}

const noAnswerTitles = new Set([strings.en.noAnswerTitle, strings.fr.noAnswerTitle]);
const didYouMeanTitles = new Set([strings.en.didYouMean, strings.fr.didYouMean]);

/** An FAQ reply is one card; its first text block tells an answer from "Did you mean" and "No answer". */
function classifyFaqReply(reply: Partial<Activity>): string | undefined {
  const content = reply.attachments?.[0]?.content as { body?: { text?: unknown }[] } | undefined;
  const title = content?.body?.[0]?.text;
  if (typeof title !== 'string') return undefined;
  if (noAnswerTitles.has(title)) return 'no answer';
  if (didYouMeanTitles.has(title)) return 'did you mean';
  return 'answer';
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const out = process.stdout;
  // Other settings come from the environment (e.g. SEARCH_THREAD=worker to search on its own thread).
  const bench = await startBenchApp('bench');
  const { app, connector } = bench;
  const echoBot =
    options.baseline === 'dialog' ? new DialogEchoBot(new TurnStateStorage(app.stateStorage)) : new EchoBot();
  app.server.post('/api/echo', async (req, res) => {
    await app.adapter.process(req, res, (context) => echoBot.run(context));
  });
  const base = await bench.listen();
  const rssAtStartMb = process.memoryUsage().rss / (1024 * 1024);

  const items = await loadEvalSet();
  const questions: Question[] = items.map((i) => ({ text: i.q, locale: i.lang === 'fr' ? 'fr-FR' : 'en-US' }));
  const fr = questions.filter((q) => q.locale === 'fr-FR').length;
  out.write(
    `Bench: ${options.concurrency} concurrent conversations, ` +
      `up to ${options.turns} turns or ${options.seconds} s per kind ` +
      `in ${options.rounds} alternating rounds, after ${options.warmup} warm-up turns each, ` +
      `${options.rate > 0 ? `paced at ${options.rate} messages/s` : 'unpaced'}; ` +
      `echo baseline: ${options.baseline === 'dialog' ? 'state in the database and a dialog (core-bot)' : 'bare'}; ` +
      `${questions.length} eval questions (${questions.length - fr} en, ${fr} fr, in and out of scope); ` +
      `search on the ${bench.config.searchThread === 'worker' ? 'search thread' : 'event loop'} ` +
      `(SEARCH_THREAD=${bench.config.searchThread})\n`,
  );

  const echo: Kind = {
    name: 'echo',
    url: `${base}/api/echo`,
    classify: (reply) => (reply.text?.startsWith('echo: ') ? 'echo' : undefined),
  };
  const faq: Kind = { name: 'faq', url: `${base}/api/messages`, classify: classifyFaqReply };
  const { concurrency, warmup, rounds, rate } = options;
  const perRound = Math.ceil(options.turns / rounds);
  const secondsPerRound = options.seconds / rounds;
  await runPhase(echo, connector, questions, warmup, concurrency, secondsPerRound, rate);
  await runPhase(faq, connector, questions, warmup, concurrency, secondsPerRound, rate);
  const measured: Record<string, Phase[]> = { echo: [], faq: [] };
  const gc = watchMajorGc();
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? [echo, faq] : [faq, echo];
    for (const kind of order)
      measured[kind.name]?.push(
        await runPhase(kind, connector, questions, perRound, concurrency, secondsPerRound, rate),
      );
  }
  // GC entries are delivered after the fact.
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc.stop();
  const pausesIn = (phases: readonly Phase[]): Pause[] =>
    gc.pauses.filter((p) =>
      phases.some(({ span }) => span !== undefined && p.start >= span.start && p.start < span.end),
    );
  const echoStats = stats(merge(measured.echo ?? []));
  const faqPhase = merge(measured.faq ?? []);
  const faqStats = stats(faqPhase);
  const memory = process.memoryUsage();
  const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(0);

  const row = (name: string, s: Stats, sub = false): string => {
    const cells = [
      name.padEnd(18),
      String(s.turns).padStart(6),
      s.p50.toFixed(2).padStart(9),
      s.p99.toFixed(2).padStart(9),
    ];
    if (!sub) cells.push(s.throughput.toFixed(0).padStart(9), String(s.errors).padStart(7));
    return `${cells.join(' ')}\n`;
  };
  out.write(
    `\n${'kind'.padEnd(18)} ${'turns'.padStart(6)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ` +
      `${'turns/s'.padStart(9)} ${'errors'.padStart(7)}\n`,
  );
  out.write(row('echo', echoStats));
  out.write(row('faq', faqStats));
  for (const label of ['answer', 'did you mean', 'no answer']) {
    const sub = stats(faqPhase, label);
    if (sub.turns > 0) out.write(row(`  faq: ${label}`, sub, true));
  }
  const gcLine = (name: string): string => {
    const pauses = pausesIn(measured[name] ?? []);
    return `${name} ${pauses.length} (${pauses.reduce((sum, p) => sum + p.ms, 0).toFixed(0)} ms)`;
  };
  out.write(`Major GC pauses during the rounds: ${gcLine('echo')}, ${gcLine('faq')}\n`);
  // Each round's pair of phases on its own: how far one round's ratio moves shows how much a single
  // run's ratio can be trusted (the major GC cycles fall in a few rounds only).
  const roundRatios = (measured.faq ?? [])
    .map((faqRound, i) => {
      const echoRound = measured.echo?.[i];
      return echoRound ? throughput(faqRound) / throughput(echoRound) : NaN;
    })
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  out.write(
    `\nFAQ throughput / echo throughput: ${(faqStats.throughput / echoStats.throughput).toFixed(2)}  (target >= 0.7)\n`,
  );
  out.write(
    `  per round (${roundRatios.length} pairs): median ${percentile(roundRatios, 50).toFixed(2)}, ` +
      `lowest ${(roundRatios[0] ?? NaN).toFixed(2)}, highest ${(roundRatios.at(-1) ?? NaN).toFixed(2)}\n`,
  );
  out.write(`FAQ p99 / echo p99:               ${(faqStats.p99 / echoStats.p99).toFixed(2)}  (target <= 2)\n`);
  out.write(
    `Process RSS: ${mb(memory.rss)} MB at the end, ${rssAtStartMb.toFixed(0)} MB after start-up; ` +
      `heap used ${mb(memory.heapUsed)} MB ` +
      `(app, fake connector, client and tsx in one process)\n`,
  );

  await bench.close();
}

runBench(main);
