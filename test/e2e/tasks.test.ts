import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TurnContext } from 'botbuilder';
import { createApp, type App } from '../../src/app';
import { action, cardText, invokeCard, itemsMatching, type Json, receivedCard } from '../support/cards';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import { silentLogger, testConfig, listenOnLoopback, demoTeamsUser } from '../support/fixtures';
import {
  cardExecuteActivity,
  messageActivity,
  postActivity,
  postInvoke,
  type TeamsUser,
} from '../../scripts/support/teamsClient';

const cardOf = receivedCard;

describe('e2e: guided admin tasks over HTTP as Teams sends them', function () {
  this.timeout(30_000);

  let connector: FakeConnector;
  let dataDir: string;
  let app: App | undefined;
  let messagesUrl = '';
  const alex = demoTeamsUser('Alex Wilber');
  const adele = demoTeamsUser('Adele Vance');

  const start = async (): Promise<App> => {
    const config = testConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ACTIVATION_DELAY_SECONDS: '0' });
    const started = await createApp(config, { logger: silentLogger, jobIntervalMs: 50 });
    messagesUrl = await listenOnLoopback(started.server);
    return started;
  };
  const say = async (user: TeamsUser, text: string): Promise<Json> => {
    assert.equal(await postActivity(messagesUrl, messageActivity(user, connector.serviceUrl, text)), 200);
    const [reply] = await connector.next(user.conversationId, 1);
    return cardOf(reply);
  };
  const press = async (user: TeamsUser, button: { verb: string; data: Json }, inputs: Json = {}): Promise<Json> => {
    const { status, body } = await postInvoke(
      messagesUrl,
      cardExecuteActivity(user, connector.serviceUrl, button.verb, { ...button.data, ...inputs }),
    );
    assert.equal(status, 200);
    return invokeCard(body);
  };

  /** Whether the user's chat has an active dialog in its stored state (a task is open). */
  const taskOpen = async (user: TeamsUser): Promise<boolean> => {
    assert.ok(app);
    return app.dialogState.hasActiveDialog(
      new TurnContext(app.adapter, messageActivity(user, connector.serviceUrl, '')),
    );
  };

  before(async () => {
    connector = await startFakeConnector();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pba-tasks-'));
    app = await start();
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('Alex activates a technical benefit and then gets the Access ID in a proactive message', async () => {
    // The current flow (000, 004): choose the benefit, then Activate;
    // the advisory-hours details are tested with the dialog.
    const list = await say(alex, 'activate technical benefits');
    assert.match(cardText(list), /Step 1 of 2/);
    const [presales] = itemsMatching(
      list,
      /Technical presales and deployment services — Microsoft Action Pack[\s\S]*Not activated/,
    );
    assert.ok(presales, cardText(list));
    const confirm = await press(alex, action(presales, 'activate.choose'));
    assert.match(cardText(confirm), /Step 2 of 2/);

    const done = await press(alex, action(confirm, 'activate.confirm'));
    assert.match(cardText(done), /now active/);
    assert.deepEqual(done.actions ?? [], [], 'a finished card has no buttons left');

    const [notice] = await connector.next(alex.conversationId, 1, { timeoutMs: 5000 });
    // botbuilder sends proactive messages as replies to its own ContinueConversation event id.
    assert.notEqual(notice?.operation, 'update', 'a new message in the chat');
    assert.match(cardText(cardOf(notice)), /Access ID: ACC-\d{10}[\s\S]*Contract ID: /);
  });

  it('Adele is refused, with the roles needed and the Global admins named', async () => {
    const card = await say(adele, 'activate technical benefits');
    const text = cardText(card);
    assert.match(text, /Only a Global admin or MPN partner admin can activate technical benefits/);
    assert.match(text, /Alex Wilber/);
    assert.deepEqual(card.actions ?? [], []);
  });

  it('Alex assigns a free Visual Studio seat to Patti', async () => {
    const seats = await say(alex, 'assign Visual Studio');
    const free = itemsMatching(seats, /Visual Studio Professional[\s\S]*Assigned to: Free/)[0];
    assert.ok(free, cardText(seats));
    const search = await press(alex, action(free, 'assign.seat'));
    const results = await press(alex, action(search, 'assign.search'), { query: 'patti' });
    const [patti] = itemsMatching(results, /Patti Fernandez/);
    assert.ok(patti, cardText(results));
    const confirm = await press(alex, action(patti, 'assign.user'));
    assert.match(cardText(confirm), /Assign Visual Studio Professional to Patti Fernandez\?/);
    assert.ok(await taskOpen(alex));
    const done = await press(alex, action(confirm, 'assign.confirm'));
    assert.match(cardText(done), /assigned to Patti Fernandez/);
    assert.equal(await taskOpen(alex), false, 'a finished task leaves no active dialog');
  });

  it('shows renewal dates in French, with a calendar file to download', async () => {
    const frenchAdele = { ...adele, locale: 'fr-FR' };
    const card = await say(frenchAdele, 'quand renouveler');
    const [actionPack] = itemsMatching(card, /Microsoft Action Pack/);
    assert.match(cardText(actionPack), /Période pas encore ouverte · s’ouvre dans 22 jours[\s\S]*Date anniversaire/);
    const link = JSON.stringify(actionPack).match(/"url":"([^"]+\.ics)"/)?.[1];
    assert.ok(link, 'an Add to calendar link');
    const port = new URL(messagesUrl).port;
    const res = await fetch(link.replace(/^http:\/\/localhost:\d+/, `http://127.0.0.1:${port}`));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/calendar/);
    const ics = await res.text();
    assert.match(ics, /BEGIN:VEVENT[\s\S]*DTSTART;VALUE=DATE:\d{8}[\s\S]*Microsoft Action Pack/);
    assert.equal((await fetch(`http://127.0.0.1:${port}/calendar/not-a-real-token-at-all.ics`)).status, 404);
  });

  it('cancels an open task when the user types "annuler", and answers questions meanwhile', async () => {
    const seats = await say(alex, 'attribuer un abonnement Visual Studio');
    assert.match(cardText(seats), /Étape 1 sur 3/);
    const answer = await say(alex, 'how long is the renewal window?');
    assert.doesNotMatch(cardText(answer), /Étape/, 'a question is answered, the task stays open');
    assert.ok(await taskOpen(alex));
    assert.equal(await postActivity(messagesUrl, messageActivity(alex, connector.serviceUrl, 'annuler')), 200);
    const [update, reply] = await connector.next(alex.conversationId, 2);
    assert.equal(update?.operation, 'update', 'the task card is closed in place');
    assert.match(cardText(cardOf(update)), /Annulé/);
    assert.match(reply?.activity.text ?? '', /annulé cette tâche/);
    assert.equal(await taskOpen(alex), false, 'a cancelled task leaves no active dialog');
  });

  it('keeps all of it across a restart, and does not notify twice', async () => {
    await app?.close();
    app = await start();
    const seats = await say(alex, 'assign Visual Studio');
    assert.equal(itemsMatching(seats, /Assigned to: Patti Fernandez/).length, 1, cardText(seats));
    await press(alex, action(seats, 'task.cancel'));
    const benefits = await say(alex, 'activate technical benefits');
    assert.match(
      cardText(itemsMatching(benefits, /Technical presales and deployment services/)[0]),
      /Status: Active[\s\S]*Access ID: ACC-/,
    );
    const tick = await app.jobs.notifier.tick();
    assert.equal(tick.sent, 0);
  });
});
