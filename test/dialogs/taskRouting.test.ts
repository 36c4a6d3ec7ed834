import assert from 'node:assert/strict';
import { AssignSubscriptionDialog } from '../../dialogs/assignSubscriptionDialog';
import { strings, taskStrings } from '../../src/i18n';
import { action, cardText } from '../support/cards';
import { silentLogger } from '../support/fixtures';
import {
  TaskDialogClient,
  buttonWith,
  demoPerson,
  openMainDialogChat,
  openTaskWorld,
  verbsOf,
  type MainDialogChat,
  type TaskWorld,
} from '../support/taskDialogs';

const alex = demoPerson('Alex Wilber');
const FREE_PRO = 'vs-ap-5';

describe('Typed cancel words and card verbs around an open task', () => {
  let world: TaskWorld;
  let chat: MainDialogChat;
  before(async function () {
    // PGlite's start and migrations take tens of seconds on a loaded machine.
    this.timeout(120_000);
    world = await openTaskWorld();
    chat = await openMainDialogChat([new AssignSubscriptionDialog(world.partner(), world.clock.read, silentLogger)]);
  });
  after(async () => {
    await chat.close();
    await world.close();
  });

  const task = (): TaskDialogClient =>
    new TaskDialogClient(new AssignSubscriptionDialog(world.partner(), world.clock.read, silentLogger), alex, 'en');
  const free = async (): Promise<boolean> => {
    const seats = await world.partner().listSubscriptions({ tenantId: alex.tenantId, aadObjectId: alex.aadObjectId });
    assert.ok(seats.ok);
    return seats.value.find((s) => s.id === FREE_PRO)?.assigneeUserId == null;
  };

  it('the task dialog itself cancels on "annuler", even at a step that takes typed text', async () => {
    const client = task();
    const list = await client.say('assign visual studio');
    await client.press(buttonWith(list, 'subscriptionId', FREE_PRO));
    const { card, texts } = await client.sayWithReplies('Annuler !');
    // The card keeps the task's language; the reply is in the language of the word.
    assert.equal(cardText(card), 'Assign a Visual Studio subscription\nCancelled. Nothing was changed.');
    assert.deepEqual(verbsOf(card), []);
    assert.deepEqual(texts, [taskStrings.fr.cancelledReply]);
    assert.ok(client.ended);
    assert.ok(await free());
  });

  it('"stop" (a word English and French share) answers in the user’s language', async () => {
    const client = new TaskDialogClient(
      new AssignSubscriptionDialog(world.partner(), world.clock.read, silentLogger),
      alex,
      'fr',
    );
    await client.say('attribuer un abonnement visual studio');
    const { card, texts } = await client.sayWithReplies('stop');
    assert.match(cardText(card), /Annulé\. Rien n’a été modifié\./);
    assert.deepEqual(texts, [taskStrings.fr.cancelledReply]);
    assert.ok(client.ended);
  });

  it('through the main dialog: "stop" closes the open task, and its card pressed again shows it closed', async () => {
    const [list] = await chat.say(alex, 'assign visual studio');
    assert.ok(list);
    const stopped = await chat.send(alex, { type: 'message', text: 'Stop.' });
    assert.equal(stopped.updated.length, 1, 'the task card is closed in place');
    assert.match(cardText(stopped.updated[0]), /Cancelled\. Nothing was changed\./);
    assert.deepEqual(stopped.texts, [taskStrings.en.cancelledReply]);
    const late = await chat.send(alex, { type: 'message', value: buttonWith(list, 'subscriptionId', FREE_PRO).data });
    assert.match(cardText(late.sent[0]), /Cancelled\. Nothing was changed\./, 'the finished task’s last card');
    assert.ok(await free());
  });

  it('through the main dialog: "cancel" with no task open is a question, not a cancelled task', async () => {
    const turn = await chat.send(alex, { type: 'message', text: 'cancel' });
    assert.equal(turn.sent.length, 1, 'an answer card');
    assert.deepEqual(turn.texts, []);
  });

  it('a task card button whose verb no task has is still its task’s, not "no longer valid"', async () => {
    const [list] = await chat.say(alex, 'assign visual studio');
    assert.ok(list);
    const seat = buttonWith(list, 'subscriptionId', FREE_PRO);
    const older = await chat.send(alex, { type: 'message', value: { ...seat.data, verb: 'assign.pick' } });
    assert.deepEqual(older.texts, []);
    // The task redraws its card with the out-of-date notice, and goes on from it.
    assert.match(cardText([...older.sent, ...older.updated]), /Step 1 of 3[\s\S]*This card is no longer active/);
    const search = await chat.send(alex, { type: 'message', value: seat.data });
    assert.match(cardText(search.sent[0] ?? search.updated[0]), /Step 2 of 3/);
    const cancel = await chat.send(alex, { type: 'message', value: action(list, 'task.cancel').data });
    assert.match(cardText(cancel.sent[0] ?? cancel.updated[0]), /Cancelled/);
  });

  it('an unknown verb, or a known one whose schema refuses the data, gets "no longer valid" and help', async () => {
    for (const value of [
      { verb: 'faq.delete', entryId: 'x' },
      { verb: 'faq.open', lang: 'en' },
      { verb: 'task.start', task: 'no-such-task' },
    ]) {
      const turn = await chat.send(alex, { type: 'message', value });
      assert.deepEqual(turn.texts, [strings.en.cardNotUnderstood], JSON.stringify(value));
      assert.match(cardText(turn.sent[0]), /What I can do/);
    }
  });
});
