import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { FaqEngine, FaqResult } from '../../src/knowledge/faqEngine';
import { InlineFaqSearch, type FaqSearch } from '../../src/knowledge/faqSearch';
import { boundedQuery, maxQueryLength, maxTermLength } from '../../src/knowledge/text';
import { realEngine } from '../support/fixtures';

const maxSearchMs = 100;
const maxGrowthMb = 50;

/** Seeded (mulberry32), so a failure is the same input when run again. */
function randomLetters(length: number, seed: number): string {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let out = '';
  for (let i = 0; i < length; i += 1) out += String.fromCharCode(97 + Math.floor(next() * 26));
  return out;
}

const repeatTo = (unit: string, length: number): string =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

const ordinaryWords =
  'how do I renew our action pack and where do I find the visual studio subscriptions in partner center ';
const controlCharacters = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f';

/** The worst inputs a client can type or forge, straight to the search (no bot, no HTTP in front). */
const worstInputs: Record<string, string> = {
  'a 40,000-character word': 'a'.repeat(40_000),
  'a 45,000-character word': randomLetters(45_000, 1),
  '100 KB of ordinary words': repeatTo(ordinaryWords, 100_000),
  '100 KB of random letters': randomLetters(100_000, 2),
  '100 KB of random letters in 8-letter words': randomLetters(100_000, 3).replace(/(.{8})/g, '$1 '),
  'control characters around a question': `${controlCharacters.repeat(300)}renew action pack${controlCharacters}`,
  'emoji and combining marks': repeatTo('🙂👩‍💻e\u0301\u0301\u0301a\u0308 ', 100_000),
  'one combining-marked word of 40,000 letters': 'e\u0301'.repeat(40_000),
  'a long run of the same token': repeatTo('benefits ', 100_000),
  'a long run of "vs"': repeatTo('gold vs ', 100_000),
};

interface Cost {
  readonly ms: number;
  readonly growth: number;
}

/** Time and process growth (rss or heap, whichever grew more) around one search. */
async function measure(search: () => Promise<unknown>): Promise<Cost> {
  const before = process.memoryUsage();
  const start = performance.now();
  await search();
  const ms = performance.now() - start;
  const after = process.memoryUsage();
  return { ms, growth: Math.max(after.rss - before.rss, after.heapUsed - before.heapUsed) };
}

describe('knowledge search: bounded on its worst inputs', function () {
  // On today's unbounded search one 45,000-character word took 18 s; the limit is for that failure to show.
  this.timeout(120_000);
  let engine: FaqEngine;
  let search: FaqSearch;

  before(async () => {
    engine = await realEngine();
    search = new InlineFaqSearch(engine);
    // Warm up: the first search compiles the code paths; that is not the input's cost.
    await search.ask('how do I renew action pack', 'en-US');
  });

  /** The chat's search (language detection, both languages) and the compose box's (one ranking). */
  const searches: Record<string, (text: string) => Promise<unknown>> = {
    ask: (text) => search.ask(text, 'en-US'),
    rank: (text) => search.rank(text, 'fr', 8),
  };

  for (const [name, text] of Object.entries(worstInputs)) {
    it(`searches ${name} in under ${maxSearchMs} ms and 50 MB`, async () => {
      for (const [kind, run] of Object.entries(searches)) {
        // Time: the best of 3 runs, as the machine's two cores are shared (a run can wait for the CPU). Growth: the
        // worst of the 3, as the first run is the one that allocates (RSS rarely shrinks afterwards).
        const costs = [await measure(() => run(text)), await measure(() => run(text)), await measure(() => run(text))];
        const ms = Math.min(...costs.map((c) => c.ms));
        const mb = Math.max(...costs.map((c) => c.growth)) / 1024 / 1024;
        const seen = `${name}, ${kind}: ${ms.toFixed(1)} ms, grew by ${mb.toFixed(1)} MB`;
        assert.ok(ms < maxSearchMs && mb < maxGrowthMb, seen);
      }
    });
  }

  const answerOf = (result: FaqResult): string => (result.kind === 'answer' ? result.best.entry.id : result.kind);

  it('still answers a real question with a 40,000-character word appended, or put first', async () => {
    const long = randomLetters(40_000, 4);
    assert.equal(answerOf(await search.ask('how do I activate tech benefits', 'en-US')), 'tech-benefits-activate');
    assert.equal(
      answerOf(await search.ask(`how do I activate tech benefits ${long}`, 'en-US')),
      'tech-benefits-activate',
    );
    assert.equal(
      answerOf(await search.ask(`${long} how do I activate tech benefits`, 'en-US')),
      'tech-benefits-activate',
    );
    const fr = await search.ask(`${long} activer les avantages techniques ${long}`, 'fr-FR');
    assert.equal(answerOf(fr), 'tech-benefits-activate');
    assert.equal(fr.language, 'fr');
  });

  it('reads control characters as spaces', async () => {
    const result = await search.ask('how\u0000do\u0007I\u001bactivate\ttech\u007fbenefits\u0085', 'en-US');
    assert.equal(answerOf(result), 'tech-benefits-activate');
    assert.equal(boundedQuery('renew\u0000action\u001fpack'), 'renew action pack');
  });

  it(`ignores words longer than ${maxTermLength} characters, not a prefix of them`, () => {
    const word = 'benefits'.repeat(6);
    assert.deepEqual(engine.index.terms(`activate ${word}`, 'en'), engine.index.terms('activate', 'en'));
    assert.deepEqual(engine.index.terms(`activate ${'benefits'.repeat(5)}`, 'en').length, 2, '40 letters: a word');
  });

  it(`keeps the first ${maxQueryLength} characters, cut between words`, () => {
    const bound = boundedQuery(repeatTo('renew action pack ', 10_000));
    assert.ok(bound.length <= maxQueryLength, `${bound.length} characters`);
    assert.ok(bound.length > maxQueryLength - 20, `${bound.length} characters`);
    assert.match(bound, /pack$|action$|renew$/);
  });

  it('keeps every phrasing of the knowledge base whole (the bounds are above any real question)', () => {
    for (const entry of engine.index.entries) {
      for (const language of ['en', 'fr'] as const) {
        const { title, question, alternates } = entry[language];
        for (const text of [title, question, ...alternates]) assert.equal(boundedQuery(text), text, text);
      }
    }
  });
});
