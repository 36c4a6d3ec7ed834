import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type { FaqEngine, FaqResult } from '../../src/knowledge/faqEngine';
import { InlineFaqSearch } from '../../src/knowledge/faqSearch';
import type { Language } from '../../src/knowledge/schema';
import { ThreadFaqSearch, type SearchThreadOptions } from '../../src/knowledge/searchThread';
import { loadSynonyms } from '../../src/knowledge/text';
import { loadEvalSet, type EvalItem } from '../../scripts/eval';
import { realEngine, silentLogger } from '../support/fixtures';

/** What a result says, with entries by id (results from two threads are equal, not identical). */
const summary = (result: FaqResult): unknown => {
  const ids = (cs: readonly { entry: { id: string }; score: number; coverage: number }[]) =>
    cs.map((c) => [c.entry.id, c.score, c.coverage]);
  switch (result.kind) {
    case 'answer':
      return [result.kind, result.language, ids([result.best, ...result.others])];
    case 'ambiguous':
      return [result.kind, result.language, ids(result.candidates)];
    case 'none':
      return [result.kind, result.language, ids(result.best ? [result.best] : [])];
  }
};
const locale = (item: EvalItem): string => (item.lang === 'fr' ? 'fr-FR' : 'en-US');

describe('ThreadFaqSearch', function () {
  this.timeout(30_000);
  let engine: FaqEngine;
  let items: EvalItem[];
  let options: SearchThreadOptions;
  const threads: Worker[] = [];

  before(async () => {
    engine = await realEngine();
    items = await loadEvalSet();
    options = {
      entries: engine.index.entries,
      synonyms: loadSynonyms(),
      inline: new InlineFaqSearch(engine),
      logger: silentLogger,
      onThread: (worker) => threads.push(worker),
    };
  });

  it('answers every eval question exactly as the inline search does, with the entries resolved', async () => {
    const search = await ThreadFaqSearch.start(options);
    try {
      assert.ok(search.running);
      const threaded = await Promise.all(items.map((item) => search.ask(item.q, locale(item))));
      items.forEach((item, i) => {
        const result = threaded[i] as FaqResult;
        assert.deepEqual(summary(result), summary(engine.ask(item.q, locale(item))), item.q);
        if (result.kind === 'answer') assert.equal(result.best.entry, engine.index.get(result.best.entry.id));
      });
      const ranked = await search.rank('visual studio subscription', 'en', 4);
      assert.deepEqual(
        ranked.map((c) => [c.entry.id, c.score]),
        engine.index.rank('visual studio subscription', 'en', 4).map((c) => [c.entry.id, c.score]),
      );
      assert.equal(ranked.length, 4);
    } finally {
      await search.close();
    }
  });

  it('rejects a request the thread could not handle, and keeps serving', async () => {
    const search = await ThreadFaqSearch.start(options);
    try {
      await assert.rejects(search.rank('visual studio', 'de' as unknown as Language, 3), /search thread/);
      // An entry's own question is always answered, whatever the other entries say.
      const entry = engine.index.entries[0];
      assert.ok(entry);
      const after = await search.ask(entry.en.question, 'en-US');
      assert.equal(after.kind === 'answer' ? after.best.entry.id : after.kind, entry.id);
    } finally {
      await search.close();
    }
  });

  it('answers inline while the thread is down, then restarts it', async () => {
    threads.length = 0;
    const search = await ThreadFaqSearch.start({ ...options, restartAfterMs: 0 });
    try {
      const first = threads[0];
      assert.ok(first);
      const question = items.find((i) => i.expect !== null) as EvalItem;
      const expected = summary(engine.ask(question.q, locale(question)));
      // Asked while the thread is being stopped: answered inline, not lost.
      const inFlight = search.ask(question.q, locale(question));
      await first.terminate();
      assert.deepEqual(summary(await inFlight), expected);
      assert.equal(search.running, false);
      // The next question is answered inline too and starts a new thread.
      assert.deepEqual(summary(await search.ask(question.q, locale(question))), expected);
      const second = threads[1];
      assert.ok(second, 'a new thread was started');
      await once(second, 'online');
      while (!search.running) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(summary(await search.ask(question.q, locale(question))), expected);
    } finally {
      await search.close();
    }
  });

  it('searches inline when the thread cannot start', async () => {
    const broken = [{ id: 'Not A Valid Id' }] as unknown as SearchThreadOptions['entries'];
    const search = await ThreadFaqSearch.start({ ...options, entries: broken, restartAfterMs: 60_000 });
    try {
      assert.equal(search.running, false);
      const question = items.find((i) => i.expect !== null) as EvalItem;
      assert.deepEqual(
        summary(await search.ask(question.q, locale(question))),
        summary(engine.ask(question.q, locale(question))),
      );
    } finally {
      await search.close();
    }
  });
});
