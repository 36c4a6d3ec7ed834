import assert from 'node:assert/strict';
import { MemoryStorage, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { DialogStateStore, noteFinishedTask } from '../../dialogs/dialogState';
import type { CardAttachment } from '../../cards/render';

const turn = (conversationId: string): TurnContext =>
  new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'msteams',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user', name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    text: 'hello',
  } satisfies Partial<Activity>);

const card = (text: string): CardAttachment => ({
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text }] },
});

describe('DialogStateStore', () => {
  it('gives a later turn of a conversation the stack an earlier one saved, and a finished one none', async () => {
    const store = new DialogStateStore(new MemoryStorage());
    assert.equal(await store.hasActiveDialog(turn('a')), false);

    const first = turn('a');
    await store.accessor.set(first, { dialogStack: [{ id: 'task', state: {} }] });
    await store.save(first);
    assert.equal(await store.hasActiveDialog(turn('a')), true);
    assert.equal(await store.hasActiveDialog(turn('b')), false, 'other conversations are untouched');

    const later = turn('a');
    assert.deepEqual(await store.accessor.get(later), { dialogStack: [{ id: 'task', state: {} }] });
    await store.accessor.set(later, { dialogStack: [] });
    await store.save(later);
    assert.equal(await store.hasActiveDialog(turn('a')), false);
  });

  it('forgets a conversation it is told to clear (after a failed turn)', async () => {
    const store = new DialogStateStore(new MemoryStorage());
    const first = turn('f');
    await store.accessor.set(first, { dialogStack: [{ id: 'task', state: {} }] });
    await store.save(first);
    const failed = turn('f');
    await store.clear(failed);
    await store.save(failed);
    assert.equal(await store.hasActiveDialog(turn('f')), false);
  });

  it('writes nothing for a turn that only read the state', async () => {
    const storage = new MemoryStorage();
    const store = new DialogStateStore(storage);
    const context = turn('c');
    assert.equal(await store.accessor.get(context), undefined);
    await store.save(context);
    const key = store.state.getStorageKey(context);
    assert.ok(key);
    assert.deepEqual(await storage.read([key]), {});
  });

  it('keeps the last cards of the few most recently finished tasks for later turns of that conversation', async () => {
    const store = new DialogStateStore(new MemoryStorage());
    for (let i = 1; i <= 6; i++) {
      const context = turn('d');
      await store.hasActiveDialog(context);
      noteFinishedTask(context, { taskId: `t${i}`, card: card(`done ${i}`) });
      await store.keepFinished(context);
      await store.save(context);
    }
    const later = turn('d');
    assert.deepEqual(await store.finishedCard(later, 't6'), card('done 6'));
    assert.deepEqual(await store.finishedCard(later, 't2'), card('done 2'));
    assert.equal(await store.finishedCard(later, 't1'), undefined, 'only the five most recent are kept');
    assert.equal(await store.finishedCard(turn('e'), 't6'), undefined, 'other conversations are untouched');
  });
});
