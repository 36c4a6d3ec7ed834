import assert from 'node:assert/strict';
import { ConversationState, TestAdapter, TurnContext, type StatePropertyAccessor } from 'botbuilder';
import { DbStorage, StateConflictError, TurnStateStorage } from '../../src/bot/dbStorage';
import { migrate } from '../../src/services/db/migrate';
import { openPglite, openPostgres, type OpenedDb } from '../support/databases';
import { silentLogger } from '../support/fixtures';

const DAY_MS = 24 * 3_600_000;

function storageSuite(open: () => Promise<OpenedDb>): void {
  let opened: OpenedDb | undefined;
  const clock = { now: new Date('2025-03-01T12:00:00.000Z') };
  const storage = (): DbStorage => {
    assert.ok(opened, 'database not open');
    return new DbStorage(opened.db, { clock: () => clock.now, ttlMs: DAY_MS });
  };
  let n = 0;
  const freshKey = (): string => `test/conversations/c${++n}`;
  const conflict = (key: string) => (error: unknown) => error instanceof StateConflictError && error.key === key;

  before(async () => {
    opened = await open();
    await migrate(opened.db, silentLogger);
  });
  after(async () => {
    await opened?.dispose();
  });

  it('reads nothing for an unknown key, and a written document with its eTag', async () => {
    const s = storage();
    const key = freshKey();
    assert.deepEqual(await s.read([key]), {});
    await s.write({ [key]: { topic: 'assign', nested: { step: 1, names: ['Patti'] } } });
    const item = (await s.read([key, freshKey()]))[key] as Record<string, unknown>;
    assert.equal(typeof item.eTag, 'string');
    assert.deepEqual(
      { ...item, eTag: undefined },
      { topic: 'assign', nested: { step: 1, names: ['Patti'] }, eTag: undefined },
    );
    assert.deepEqual(await s.read([]), {});
  });

  it('writes with the current eTag, refuses a stale one and leaves the document as it was', async () => {
    const s = storage();
    const key = freshKey();
    await s.write({ [key]: { step: 1 } });
    const first = (await s.read([key]))[key] as { eTag: string };
    await s.write({ [key]: { step: 2, eTag: first.eTag } });
    const second = (await s.read([key]))[key] as { eTag: string; step: number };
    assert.equal(second.step, 2);
    assert.notEqual(second.eTag, first.eTag, 'each write has a new eTag');
    await assert.rejects(s.write({ [key]: { step: 3, eTag: first.eTag } }), conflict(key));
    assert.deepEqual((await s.read([key]))[key], second);
  });

  it("overwrites with eTag '*' or without one", async () => {
    const s = storage();
    const key = freshKey();
    await s.write({ [key]: { step: 1 } });
    await s.write({ [key]: { step: 2, eTag: '*' } });
    assert.equal(((await s.read([key]))[key] as { step: number }).step, 2);
    await s.write({ [key]: { step: 3 } });
    assert.equal(((await s.read([key]))[key] as { step: number }).step, 3);
  });

  it('treats an eTag for a deleted document as a conflict, and deletes', async () => {
    const s = storage();
    const key = freshKey();
    await s.write({ [key]: { step: 1 } });
    const { eTag } = (await s.read([key]))[key] as { eTag: string };
    await s.delete([key, freshKey()]);
    assert.deepEqual(await s.read([key]), {});
    await assert.rejects(s.write({ [key]: { step: 2, eTag } }), conflict(key));
    assert.deepEqual(await s.read([key]), {});
  });

  it('writes several items all or nothing', async () => {
    const s = storage();
    const [a, b] = [freshKey(), freshKey()];
    await s.write({ [b]: { v: 1 } });
    await assert.rejects(s.write({ [a]: { v: 1 }, [b]: { v: 2, eTag: 'not-the-etag' } }), conflict(b));
    assert.deepEqual(Object.keys(await s.read([a, b])), [b]);
  });

  it('of concurrent writers holding the same eTag, exactly one succeeds', async () => {
    const s = storage();
    const key = freshKey();
    await s.write({ [key]: { winner: 'none' } });
    const { eTag } = (await s.read([key]))[key] as { eTag: string };
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => storage().write({ [key]: { winner: `w${i}`, eTag } })),
    );
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [`w${i}`] : []));
    assert.equal(won.length, 1, JSON.stringify(results));
    for (const r of results) if (r.status === 'rejected') assert.ok(conflict(key)(r.reason), String(r.reason));
    assert.equal(((await s.read([key]))[key] as { winner: string }).winner, won[0]);
  });

  it('reads state not written for a day as absent, and the clean-up deletes it', async () => {
    const s = storage();
    const [old, recent] = [freshKey(), freshKey()];
    await s.write({ [old]: { step: 1 } });
    clock.now = new Date(clock.now.getTime() + DAY_MS / 2);
    await s.write({ [recent]: { step: 1 } });
    assert.equal(await s.hasExpired(old), false);
    clock.now = new Date(clock.now.getTime() + DAY_MS / 2);
    assert.deepEqual(Object.keys(await s.read([old, recent])), [recent]);
    assert.equal(await s.hasExpired(old), true);
    assert.equal(await s.hasExpired(recent), false);
    assert.ok((await s.deleteExpired()) >= 1);
    assert.equal(await s.hasExpired(old), false, 'the row is gone');
    assert.deepEqual(Object.keys(await s.read([old, recent])), [recent]);
  });

  describe('under ConversationState', () => {
    const adapter = new TestAdapter();
    const turn = (): TurnContext =>
      new TurnContext(adapter, {
        type: 'message',
        channelId: 'msteams',
        conversation: { id: `a:conv-${n}`, isGroup: false, conversationType: 'personal', name: '' },
        from: { id: 'user', name: 'User' },
        recipient: { id: 'bot', name: 'Bot' },
      });
    const stateOver = (
      s: DbStorage | TurnStateStorage,
    ): { state: ConversationState; step: StatePropertyAccessor<number> } => {
      const state = new ConversationState(s);
      return { state, step: state.createProperty<number>('step') };
    };

    it('refuses the later of two turns that read the same state, instead of losing an update', async () => {
      n += 1;
      const { state, step } = stateOver(new TurnStateStorage(storage()));
      const first = turn();
      await step.set(first, 1);
      await state.saveChanges(first);

      const [a, b] = [turn(), turn()];
      assert.equal(await step.get(a), 1);
      assert.equal(await step.get(b), 1);
      await step.set(a, 2);
      await step.set(b, 3);
      await state.saveChanges(a);
      await assert.rejects(state.saveChanges(b), StateConflictError);
      const later = turn();
      assert.equal(await step.get(later), 2);
      // One turn may save twice (its own eTag moves on with it).
      await step.set(later, 4);
      await state.saveChanges(later);
      await step.set(later, 5);
      await state.saveChanges(later);
      assert.equal(await step.get(turn()), 5);
    });

    it("(why TurnStateStorage exists) plain BotState writes eTag '*', the last writer wins", async () => {
      n += 1;
      const { state, step } = stateOver(storage());
      const first = turn();
      await step.set(first, 1);
      await state.saveChanges(first);
      const [a, b] = [turn(), turn()];
      await step.get(a);
      await step.get(b);
      await step.set(a, 2);
      await step.set(b, 3);
      await state.saveChanges(a);
      await state.saveChanges(b);
      assert.equal(await step.get(turn()), 3, "a's update is lost without the guard");
    });
  });
}

describe('DbStorage (botbuilder Storage over bot_state)', function () {
  // PGlite's first start can take 20-30 s on a busy machine.
  this.timeout(120_000);

  describe('on PGlite', () => storageSuite(openPglite));

  describe('on PostgreSQL (TEST_DATABASE_URL)', function () {
    const url = process.env['TEST_DATABASE_URL'];
    before(function () {
      if (!url) this.skip();
    });
    if (url) storageSuite(() => openPostgres(url, 'pba_state'));
  });
});
