import assert from 'node:assert/strict';
import { MemoryStorage, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { DialogStateStore } from '../../src/bot/dialogState';

const turn = (conversationId: string): TurnContext =>
  new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'msteams',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user', name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    text: 'hello',
  } satisfies Partial<Activity>);

describe('DialogStateStore', () => {
  it('is idle until a turn saves a dialog stack, and idle again once it is released', async () => {
    const store = new DialogStateStore(new MemoryStorage());
    assert.equal(await store.idle(turn('a')), true);

    const first = turn('a');
    await store.accessor.set(first, { dialogStack: [{ id: 'task', state: {} }] });
    await store.save(first);
    assert.equal(await store.idle(turn('a')), false);
    assert.equal(await store.idle(turn('b')), true, 'other conversations are untouched');

    const later = turn('a');
    assert.deepEqual(await store.accessor.get(later), { dialogStack: [{ id: 'task', state: {} }] });
    await store.release(later);
    await store.save(later);
    assert.equal(await store.idle(turn('a')), true, 'saving after a release writes nothing back');
  });

  it('writes nothing for a turn that only read the state', async () => {
    const storage = new MemoryStorage();
    const store = new DialogStateStore(storage);
    const context = turn('c');
    assert.equal(await store.accessor.get(context), undefined);
    await store.save(context);
    assert.equal(await store.idle(turn('c')), true);
  });
});
