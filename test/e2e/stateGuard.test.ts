import assert from 'node:assert/strict';
import { createApp, type App } from '../../src/app';
import { DEMO_TENANT_ID, DEMO_USERS } from '../../src/services/partner/seed';
import { action, cardText, invokeCard, itemsMatching, receivedCard, type Json } from '../support/cards';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import { silentLogger, tempDir, testConfig, listenOnLoopback } from '../support/fixtures';
import {
  cardExecuteActivity,
  cardSubmitActivity,
  messageActivity,
  postActivity,
  postInvoke,
  teamsUser,
  type TeamsUser,
} from '../../scripts/support/teamsClient';

const admin = (locale: string): TeamsUser => {
  const user = DEMO_USERS.find((u) => u.displayName === 'Alex Wilber');
  assert.ok(user);
  return teamsUser('Alex Wilber', locale, { aadObjectId: user.aadObjectId, tenantId: DEMO_TENANT_ID });
};

describe('e2e: expired tasks and colliding clicks (dialog state in the database)', function () {
  this.timeout(120_000);

  let connector: FakeConnector;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let app: App;
  let messagesUrl = '';
  const clock = { now: new Date() };

  before(async () => {
    connector = await startFakeConnector();
    temp = await tempDir();
    const config = testConfig({ DATA_DIR: temp.dir, PORT: '0', HOST: '127.0.0.1', SEARCH_THREAD: 'main' });
    app = await createApp(config, { logger: silentLogger, clock: () => clock.now });
    messagesUrl = await listenOnLoopback(app.server);
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    await temp?.remove();
  });

  const pressRaw = (user: TeamsUser, button: { verb: string; data: Json }, inputs: Json = {}) =>
    postInvoke(
      messagesUrl,
      cardExecuteActivity(user, connector.serviceUrl, button.verb, { ...button.data, ...inputs }),
    );
  const press = async (user: TeamsUser, button: { verb: string; data: Json }, inputs: Json = {}): Promise<Json> => {
    const { status, body } = await pressRaw(user, button, inputs);
    assert.equal(status, 200);
    return invokeCard(body);
  };
  /** Starts Assign Visual Studio and picks the free seat: the card that asks whom to search for. */
  const openSearchStep = async (user: TeamsUser): Promise<Json> => {
    assert.equal(
      await postActivity(messagesUrl, messageActivity(user, connector.serviceUrl, 'assign Visual Studio')),
      200,
    );
    const seats = receivedCard((await connector.next(user.conversationId, 1))[0]);
    const [free] = itemsMatching(seats, /Assigned to: Free|Attribué à : Libre|Attribué à: Libre/);
    assert.ok(free, cardText(seats));
    return press(user, action(free, 'assign.seat'));
  };
  const hours = (h: number): void => {
    clock.now = new Date(clock.now.getTime() + h * 3_600_000);
  };

  for (const [locale, expiredLine] of [
    ['en-US', /That task had expired: a task left for a day without a click is closed\./],
    ['fr-FR', /Cette tâche avait expiré : une tâche laissée une journée sans clic est fermée\./],
  ] as const) {
    it(`a task card pressed after a day says it is no longer active and that the task expired (${locale})`, async () => {
      const alex = admin(locale);
      const search = await openSearchStep(alex);
      hours(23);
      const still = await press(alex, action(search, 'assign.search'), { query: 'patti' });
      assert.ok(itemsMatching(still, /Patti Fernandez/).length > 0, 'within a day the task goes on');
      hours(24.5);
      const stale = await press(alex, action(still, 'assign.user'));
      assert.match(cardText(stale), locale === 'en-US' ? /no longer active/ : /n’est plus active/);
      const [line] = await connector.next(alex.conversationId, 1);
      assert.match(line?.activity.text ?? '', expiredLine);
    });
  }

  it('deletes state not written for a day, and keeps the rest', async () => {
    const [idle, busy] = [admin('en-US'), admin('en-US')];
    await openSearchStep(idle);
    hours(20);
    const busyCard = await openSearchStep(busy);
    hours(5);
    assert.ok((await app.stateStorage.deleteExpired()) >= 1);
    const key = (user: TeamsUser): string => `msteams/conversations/${user.conversationId}/`;
    assert.deepEqual(Object.keys(await app.stateStorage.read([key(idle), key(busy)])), [key(busy)]);
    assert.equal(await app.stateStorage.hasExpired(key(idle)), false, 'the row is gone, not just hidden');
    const results = await press(busy, action(busyCard, 'assign.search'), { query: 'patti' });
    assert.ok(itemsMatching(results, /Patti Fernandez/).length > 0, cardText(results));
  });

  // PGlite runs each query synchronously on the event loop, so two invokes never overlap in one process;
  // Action.Submit turns do (they wait on the Bot Connector between reading and saving their state).
  it('of Action.Submit clicks on one card at the same moment, one is taken and the others are told', async () => {
    const alex = admin('en-US');
    const search = await openSearchStep(alex);
    const button = action(search, 'assign.search');
    let collided = 0;
    for (let round = 0; round < 5 && collided === 0; round += 1) {
      const before = connector.received(alex.conversationId).length;
      const statuses = await Promise.all(
        ['patti', 'megan', 'patti', 'megan'].map((query) =>
          postActivity(
            messagesUrl,
            cardSubmitActivity(alex, connector.serviceUrl, { ...button.data, verb: button.verb, query }),
          ),
        ),
      );
      assert.deepEqual(statuses, [200, 200, 200, 200]);
      const sent = connector.received(alex.conversationId).slice(before);
      const told = sent.filter((r) => /arrived at the same moment as another one/.test(r.activity.text ?? ''));
      collided += told.length;
      assert.ok(sent.length - told.length >= 1, 'at least one click is taken');
    }
    assert.ok(collided > 0, 'no two turns overlapped in five rounds');
    // The stored state is a taken click's: the task goes on from the card and completes.
    const results = await press(alex, button, { query: 'patti' });
    const [patti] = itemsMatching(results, /Patti Fernandez/);
    assert.ok(patti, cardText(results));
    const confirm = await press(alex, action(patti, 'assign.user'));
    const done = await press(alex, action(confirm, 'assign.confirm'));
    assert.match(cardText(done), /assigned to Patti Fernandez/);
  });
});
