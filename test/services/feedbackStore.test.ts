import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { formatReport } from '../../scripts/kb-report';
import { JsonlFeedbackStore } from '../../src/services/feedbackStore';
import { tempDir } from '../support/fixtures';

describe('feedback store and kb:report', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    data = await tempDir();
  });
  afterEach(() => data.remove());

  const at = new Date().toISOString();

  it('ranks unanswered questions by frequency, grouping case and punctuation', async () => {
    const store = new JsonlFeedbackStore(path.join(data.dir, 'nested'));
    await store.recordUnanswered({ at, question: 'Azure VM price?', language: 'en', outcome: 'none', candidates: [] });
    await store.recordUnanswered({ at, question: 'azure vm price', language: 'en', outcome: 'none', candidates: [] });
    await store.recordUnanswered({
      at,
      question: 'prix vm azure',
      language: 'fr',
      outcome: 'ambiguous',
      candidates: ['azure-add-extend'],
    });
    const report = await store.report(10);
    assert.deepEqual(
      report.unanswered.map((r) => [r.question, r.count]),
      [
        ['Azure VM price?', 2],
        ['prix vm azure', 1],
      ],
    );
  });

  it('lists down-voted answers, most down votes first, and ignores up-only ones', async () => {
    const store = new JsonlFeedbackStore(data.dir);
    const vote = (entryId: string, v: 'up' | 'down'): Promise<boolean> =>
      store.recordFeedback({ at, entryId, language: 'en', vote: v, generated: false });
    await vote('vs-assign', 'down');
    await vote('vs-assign', 'up');
    await vote('renewal-window', 'down');
    await vote('renewal-window', 'down');
    await vote('benefit-expiry', 'up');
    const report = await store.report(10);
    assert.deepEqual(report.downVoted, [
      { entryId: 'renewal-window', down: 2, up: 0 },
      { entryId: 'vs-assign', down: 1, up: 1 },
    ]);
    const text = formatReport(report, data.dir);
    assert.match(text, /renewal-window {2}2 \/ 0/);
    assert.match(text, /\(none recorded\)/);
  });

  it('skips lines an editor broke by hand instead of failing the report', async () => {
    const store = new JsonlFeedbackStore(data.dir);
    await store.recordFeedback({ at, entryId: 'vs-assign', language: 'fr', vote: 'down', generated: false });
    await appendFile(path.join(data.dir, 'feedback.jsonl'), '{not json\n{"vote":"sideways"}\n');
    const report = await store.report(10);
    assert.equal(report.downVoted.length, 1);
  });

  it('counts one vote and one "None of these" per card, also after a restart', async () => {
    const store = new JsonlFeedbackStore(data.dir);
    const vote = {
      at,
      entryId: 'vs-assign',
      language: 'en' as const,
      vote: 'down' as const,
      generated: false,
      cardId: 'card-1',
    };
    assert.equal(await store.recordFeedback(vote), true);
    assert.equal(await store.recordFeedback({ ...vote, vote: 'up' }), false, 'a second click on the same card');
    assert.equal(await store.recordFeedback({ ...vote, cardId: 'card-2' }), true, 'another card');
    const none = {
      at,
      question: 'q',
      language: 'en' as const,
      outcome: 'none-of-these' as const,
      candidates: [],
      cardId: 'card-3',
    };
    const [first, second] = await Promise.all([store.recordUnanswered(none), store.recordUnanswered(none)]);
    assert.deepEqual([first, second].sort(), [false, true], 'two clicks at once count once');
    await store.close();

    const restarted = new JsonlFeedbackStore(data.dir);
    assert.equal(await restarted.recordFeedback(vote), false, 'still counted after a restart');
    assert.equal(await restarted.recordUnanswered(none), false);
    assert.equal(
      await restarted.recordFeedback({ ...vote, cardId: undefined }),
      true,
      'a card without an id always counts',
    );
    const report = await restarted.report(10);
    assert.deepEqual(report.downVoted, [{ entryId: 'vs-assign', down: 3, up: 0 }]);
    assert.deepEqual(
      report.unanswered.map((r) => r.count),
      [1],
    );
    await restarted.close();
  });

  it('rejects a record that breaks its schema (a bug, not user input)', async () => {
    const store = new JsonlFeedbackStore(data.dir);
    await assert.rejects(
      store.recordFeedback({ at: 'yesterday', entryId: 'x', language: 'en', vote: 'up', generated: false }),
    );
  });
});
