import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { action, cardNodes, cardText, invokeCard, itemsMatching, type Json, receivedCard } from '../support/cards';
import { startFakeConnector, type FakeConnector, type ReceivedActivity } from '../../scripts/support/fakeConnector';
import { silentLogger, testConfig, listenOnLoopback, demoTeamsUser } from '../support/fixtures';
import {
  cardExecuteActivity,
  cardSubmitActivity,
  messageActivity,
  postActivity,
  postInvoke,
  type TeamsUser,
} from '../../scripts/support/teamsClient';

/*
 * How task cards and answer cards live together in the chat (issue 14, §3): a task opens below the card
 * its button was on, an open task closed by another one says so, and a late click on a finished task
 * gets its last card again.
 */

const cardOf = receivedCard;

/** The Action.Submit button whose data has this verb. */
const submitData = (card: Json, verb: string, task?: string): Json => {
  const found = cardNodes(card).find(
    (n) =>
      n.type === 'Action.Submit' &&
      typeof n.data === 'object' &&
      n.data !== null &&
      (n.data as Json).verb === verb &&
      (task === undefined || (n.data as Json).task === task),
  );
  assert.ok(found, `no ${verb} ${task ?? ''} button on:\n${cardText(card)}`);
  return found.data as Json;
};

describe('e2e: task cards beside answer and welcome cards', function () {
  this.timeout(90_000);

  let connector: FakeConnector;
  let dataDir: string;
  let app: App | undefined;
  let messagesUrl = '';

  before(async () => {
    connector = await startFakeConnector();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pba-conversation-'));
    const config = testConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ACTIVATION_DELAY_SECONDS: '0' });
    app = await createApp(config, { logger: silentLogger, jobIntervalMs: 60_000 });
    messagesUrl = await listenOnLoopback(app.server);
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const say = async (user: TeamsUser, text: string): Promise<ReceivedActivity> => {
    assert.equal(await postActivity(messagesUrl, messageActivity(user, connector.serviceUrl, text)), 200);
    const [reply] = await connector.next(user.conversationId, 1);
    assert.ok(reply);
    return reply;
  };
  const submit = async (
    user: TeamsUser,
    data: Json,
    replyToId: string,
    expected: number,
  ): Promise<ReceivedActivity[]> => {
    assert.equal(await postActivity(messagesUrl, cardSubmitActivity(user, connector.serviceUrl, data, replyToId)), 200);
    return connector.next(user.conversationId, expected);
  };
  const press = async (
    user: TeamsUser,
    button: { verb: string; data: Json },
    replyToId: string,
    inputs: Json = {},
  ): Promise<Json> => {
    const { status, body } = await postInvoke(
      messagesUrl,
      cardExecuteActivity(user, connector.serviceUrl, button.verb, { ...button.data, ...inputs }, replyToId),
    );
    assert.equal(status, 200);
    return invokeCard(body);
  };

  it('"Do it for me" opens the task as a new card below the answer, and the answer stays', async () => {
    const alex = demoTeamsUser('Alex Wilber');
    const answer = await say(alex, 'How do I assign Visual Studio?');
    const doIt = submitData(cardOf(answer), 'task.start', 'assign-visual-studio');
    const [opened] = await submit(alex, doIt, answer.id, 1);
    assert.ok(opened);
    assert.notEqual(opened.operation, 'update', 'a new message, not the answer card redrawn');
    assert.match(cardText(cardOf(opened)), /Assign a Visual Studio subscription[\s\S]*Step 1 of \d/);
    assert.equal(
      connector.received(alex.conversationId).filter((r) => r.operation === 'update').length,
      0,
      'the answer card is left as it was',
    );
  });

  it('a task button on an old help card closes the open task, says so, and opens the new task below', async () => {
    const alex = demoTeamsUser('Alex Wilber');
    const help = await say(alex, 'help');
    const seats = await say(alex, 'assign Visual Studio');
    assert.match(cardText(cardOf(seats)), /Step 1 of \d/);
    const activate = submitData(cardOf(help), 'task.start', 'activate-technical-benefit');
    const [closed, told, opened] = await submit(alex, activate, help.id, 3);
    assert.equal(closed?.operation, 'update');
    assert.equal(closed.urlActivityId, seats.id, 'the open task card is closed, not the help card');
    assert.match(cardText(cardOf(closed)), /Cancelled/);
    assert.deepEqual(cardOf(closed).actions ?? [], [], 'the closed card has no buttons left');
    assert.match(
      told?.activity.text ?? '',
      /I closed your open task “Assign a Visual Studio subscription”; nothing was changed/,
    );
    assert.ok(opened);
    assert.notEqual(opened.operation, 'update');
    assert.match(cardText(cardOf(opened)), /Activate a technical benefit[\s\S]*Step 1 of \d/);
    assert.equal(
      connector.received(alex.conversationId).filter((r) => r.urlActivityId === help.id && r.operation === 'update')
        .length,
      0,
      'the help card is untouched',
    );
  });

  it('does not say "nothing was changed" when the closed task had switched reminders on', async () => {
    const alex = demoTeamsUser('Alex Wilber');
    const dates = await say(alex, 'renewal dates');
    const remind = action(cardOf(dates), 'renewal.remind', 'Remind me');
    const on = await press(alex, remind, dates.id);
    assert.match(cardText(on), /Reminders are on/);
    assert.equal(
      await postActivity(messagesUrl, messageActivity(alex, connector.serviceUrl, 'assign Visual Studio')),
      200,
    );
    const [closed, told] = await connector.next(alex.conversationId, 3);
    assert.match(cardText(cardOf(closed)), /stay on/);
    assert.match(
      told?.activity.text ?? '',
      /I closed your open task “Renewal dates”\. Closed\. The reminders you switched on stay on/,
    );
    assert.doesNotMatch(told?.activity.text ?? '', /nothing was changed/);
  });

  it('says it in French when the new task is French', async () => {
    const alex = demoTeamsUser('Alex Wilber', 'fr-FR');
    await say(alex, 'attribuer un abonnement Visual Studio');
    assert.equal(await postActivity(messagesUrl, messageActivity(alex, connector.serviceUrl, 'quand renouveler')), 200);
    const [closed, told] = await connector.next(alex.conversationId, 3);
    assert.equal(closed?.operation, 'update');
    assert.match(
      told?.activity.text ?? '',
      /J’ai fermé votre tâche en cours «\u00a0Attribuer un abonnement Visual Studio\u00a0»/,
    );
  });

  it('a double click on Confirm ends on the "Done" card both times (Action.Execute)', async () => {
    const alex = demoTeamsUser('Alex Wilber');
    const seats = await say(alex, 'assign Visual Studio');
    const free = itemsMatching(cardOf(seats), /Visual Studio (Professional|Enterprise)[\s\S]*Assigned to: Free/)[0];
    assert.ok(free, cardText(cardOf(seats)));
    const search = await press(alex, action(free, 'assign.seat'), seats.id);
    const results = await press(alex, action(search, 'assign.search'), seats.id, { query: 'lee' });
    const [lee] = itemsMatching(results, /Lee Gu/);
    assert.ok(lee, cardText(results));
    const confirm = await press(alex, action(lee, 'assign.user'), seats.id);
    const confirmButton = action(confirm, 'assign.confirm');
    const done = await press(alex, confirmButton, seats.id);
    assert.match(cardText(done), /assigned to Lee Gu/);
    const again = await press(alex, confirmButton, seats.id);
    assert.deepEqual(again, done, 'the second click gets the same "Done" card');
    assert.doesNotMatch(cardText(again), /no longer active/);
  });

  it('a double click on Cancel (Action.Submit) shows the cancelled card again, not "no longer active"', async () => {
    const alex = demoTeamsUser('Alex Wilber');
    const seats = await say(alex, 'assign Visual Studio');
    const cancel = action(cardOf(seats), 'task.cancel');
    const [first] = await submit(alex, cancel.data, seats.id, 1);
    assert.equal(first?.operation, 'update');
    assert.match(cardText(cardOf(first)), /Cancelled/);
    const [second] = await submit(alex, cancel.data, seats.id, 1);
    assert.equal(second?.operation, 'update');
    assert.deepEqual(cardOf(second), cardOf(first));
  });

  it('sends the activation notice in the language the user last wrote in, not the Teams client language', async () => {
    assert.ok(app);
    const alex = demoTeamsUser('Alex Wilber'); // an English Teams client
    const actor = { tenantId: alex.tenantId, aadObjectId: alex.aadObjectId };
    const french = await say(alex, 'Où trouver mon ID d’accès ?');
    assert.equal(french.activity.locale, 'fr', 'answered in French');
    assert.equal((await app.stack.conversations.get(alex.tenantId, alex.aadObjectId))?.locale, 'fr');

    const benefits = await app.stack.partner.listTechnicalBenefits(actor);
    assert.ok(benefits.ok);
    const benefit = benefits.value.find((b) => b.status === 'NotActivated' && b.kind !== 'AdvisoryHours');
    assert.ok(benefit, 'a benefit to activate');
    const activated = await app.stack.partner.activateTechnicalBenefit(actor, {
      requestId: `e2e-${alex.conversationId}`,
      benefitId: benefit.id,
      contactUserId: null,
      alternateEmail: null,
    });
    assert.ok(activated.ok, JSON.stringify(activated));
    await app.stack.processor?.processDueActivations(new Date());
    await app.jobs.notifier.tick();
    const [notice] = await connector.next(alex.conversationId, 1, { timeoutMs: 10_000 });
    assert.match(cardText(cardOf(notice)), /Avantage technique actif|est maintenant actif/);

    // Back to English: the next notice would be English.
    await say(alex, 'Where is my Access ID?');
    assert.equal((await app.stack.conversations.get(alex.tenantId, alex.aadObjectId))?.locale, 'en');
  });

  it('a click on a card of a task that never existed here still says the card is no longer active', async () => {
    const alex = demoTeamsUser('Alex Wilber');
    const card = await press(
      alex,
      { verb: 'assign.confirm', data: { verb: 'assign.confirm', taskId: 'not-a-task-of-this-chat' } },
      'some-old-card',
    );
    assert.match(cardText(card), /no longer active/);
  });
});
