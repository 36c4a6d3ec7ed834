import assert from 'node:assert/strict';
import { ReplyActivities } from '../../dialogs/replies';
import type { FaqEngine } from '../../src/knowledge/faqEngine';
import { realEngine } from '../support/fixtures';

describe('reply activities', () => {
  let engine: FaqEngine;
  before(async () => {
    engine = await realEngine();
  });

  it('mark a generated answer with the Teams AI label and its citations', () => {
    const [a, b] = engine.index.entries;
    assert.ok(a && b);
    const activity = new ReplyActivities(engine.index).activity(
      {
        kind: 'answer',
        language: 'en',
        entry: a,
        generated: {
          text: 'x [1] [2]',
          citations: [
            { n: 1, entry: a },
            { n: 2, entry: b },
          ],
        },
      },
      'q',
    );
    const entity = activity.entities?.[0] as
      { additionalType?: string[]; citation?: { position: number; appearance: { url: string } }[] } | undefined;
    assert.deepEqual(entity?.additionalType, ['AIGeneratedContent']);
    assert.deepEqual(
      entity?.citation?.map((c) => [c.position, c.appearance.url]),
      [
        [1, a.source],
        [2, b.source],
      ],
    );
  });

  it('carry no AI label on an answer from the knowledge base', () => {
    const [a] = engine.index.entries;
    assert.ok(a);
    const activity = new ReplyActivities(engine.index).activity({ kind: 'answer', language: 'fr', entry: a }, 'q');
    assert.equal(activity.entities, undefined);
    assert.equal(activity.locale, 'fr');
  });

  it('offer popular topics, not the nearest entry, when there is no answer', () => {
    const json = JSON.stringify(
      new ReplyActivities(engine.index).activity({ kind: 'none', language: 'en' }, 'q').attachments?.[0]?.content,
    );
    assert.match(json, /"entryId":"renewal-window"/);
    assert.match(json, /"entryId":"vs-assign"/);
  });
});
