import assert from 'node:assert/strict';
import restify from 'restify';
import { createApp, type App } from '../../src/app';
import { taskStrings } from '../../src/i18n';
import { migrate } from '../../src/services/db/migrate';
import { createEmbeddedPartnerService } from '../../src/services/partner/embedded';
import { registerPartnerApi } from '../../src/services/partner/http/routes';
import { DEMO_TENANT_ID, DEMO_USERS, seedDemoOrganization } from '../../src/services/partner/seed';
import { action, cardText, invokeCard, itemsMatching, receivedCard, type Json } from '../support/cards';
import { openPglite, type OpenedDb } from '../support/databases';
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

/** The app on a loopback port against the fake Bot Connector, on a clock the test moves, and how to drive it. */
interface Bot {
  readonly app: App;
  readonly messagesUrl: string;
  pressRaw(user: TeamsUser, button: { verb: string; data: Json }, inputs?: Json): ReturnType<typeof postInvoke>;
  /** Action.Execute on a button: the card of the invoke response. */
  press(user: TeamsUser, button: { verb: string; data: Json }, inputs?: Json): Promise<Json>;
  /** Starts Assign Visual Studio and picks the free seat: the card that asks whom to search for. */
  openSearchStep(user: TeamsUser): Promise<Json>;
  /** Moves the app's clock on. */
  hours(h: number): void;
  close(): Promise<void>;
}

async function startBot(connector: FakeConnector, env: Readonly<Record<string, string>> = {}): Promise<Bot> {
  const temp = await tempDir();
  const clock = { now: new Date() };
  const config = testConfig({ DATA_DIR: temp.dir, PORT: '0', HOST: '127.0.0.1', SEARCH_THREAD: 'main', ...env });
  const app = await createApp(config, { logger: silentLogger, clock: () => clock.now });
  const messagesUrl = await listenOnLoopback(app.server);
  const pressRaw: Bot['pressRaw'] = (user, button, inputs = {}) =>
    postInvoke(
      messagesUrl,
      cardExecuteActivity(user, connector.serviceUrl, button.verb, { ...button.data, ...inputs }),
    );
  const press: Bot['press'] = async (user, button, inputs = {}) => {
    const { status, body } = await pressRaw(user, button, inputs);
    assert.equal(status, 200);
    return invokeCard(body);
  };
  return {
    app,
    messagesUrl,
    pressRaw,
    press,
    openSearchStep: async (user) => {
      assert.equal(
        await postActivity(messagesUrl, messageActivity(user, connector.serviceUrl, 'assign Visual Studio')),
        200,
      );
      const seats = receivedCard((await connector.next(user.conversationId, 1))[0]);
      const [free] = itemsMatching(seats, /Assigned to: Free|Attribué à : Libre|Attribué à: Libre/);
      assert.ok(free, cardText(seats));
      return press(user, action(free, 'assign.seat'));
    },
    hours: (h) => {
      clock.now = new Date(clock.now.getTime() + h * 3_600_000);
    },
    close: async () => {
      await app.close();
      await temp.remove();
    },
  };
}

describe('e2e: expired tasks and colliding clicks (dialog state in the database)', function () {
  this.timeout(120_000);

  let connector: FakeConnector;
  let bot: Bot;

  before(async () => {
    connector = await startFakeConnector();
    bot = await startBot(connector);
  });
  after(async () => {
    await bot?.close();
    await connector?.close();
  });

  for (const [locale, expiredLine] of [
    ['en-US', /That task had expired: a task left for a day without a click is closed\./],
    ['fr-FR', /Cette tâche avait expiré : une tâche laissée une journée sans clic est fermée\./],
  ] as const) {
    it(`a task card pressed after a day says it is no longer active and the task expired (${locale})`, async () => {
      const alex = admin(locale);
      const search = await bot.openSearchStep(alex);
      bot.hours(23);
      const still = await bot.press(alex, action(search, 'assign.search'), { query: 'patti' });
      assert.ok(itemsMatching(still, /Patti Fernandez/).length > 0, 'within a day the task goes on');
      bot.hours(24.5);
      const stale = await bot.press(alex, action(still, 'assign.user'));
      assert.match(cardText(stale), locale === 'en-US' ? /no longer active/ : /n’est plus active/);
      const [line] = await connector.next(alex.conversationId, 1);
      assert.match(line?.activity.text ?? '', expiredLine);
    });
  }

  it('deletes state not written for a day, and keeps the rest', async () => {
    const [idle, busy] = [admin('en-US'), admin('en-US')];
    await bot.openSearchStep(idle);
    bot.hours(20);
    const busyCard = await bot.openSearchStep(busy);
    bot.hours(5);
    const { stateStorage } = bot.app;
    assert.ok((await stateStorage.deleteExpired()) >= 1);
    const key = (user: TeamsUser): string => `msteams/conversations/${user.conversationId}/`;
    assert.deepEqual(Object.keys(await stateStorage.read([key(idle), key(busy)])), [key(busy)]);
    assert.equal(await stateStorage.hasExpired(key(idle)), false, 'the row is gone, not just hidden');
    const results = await bot.press(busy, action(busyCard, 'assign.search'), { query: 'patti' });
    assert.ok(itemsMatching(results, /Patti Fernandez/).length > 0, cardText(results));
  });

  // PGlite runs each query synchronously on the event loop, so two invokes never overlap in one process;
  // Action.Submit turns do (they wait on the Bot Connector between reading and saving their state).
  it('of Action.Submit clicks on one card at the same moment, one is taken and the others are told', async () => {
    const alex = admin('en-US');
    const search = await bot.openSearchStep(alex);
    const button = action(search, 'assign.search');
    const { messagesUrl } = bot;
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
    const results = await bot.press(alex, button, { query: 'patti' });
    const [patti] = itemsMatching(results, /Patti Fernandez/);
    assert.ok(patti, cardText(results));
    const confirm = await bot.press(alex, action(patti, 'assign.user'));
    const done = await bot.press(alex, action(confirm, 'assign.confirm'));
    assert.match(cardText(done), /assigned to Patti Fernandez/);
  });
});

describe('e2e: the expired-task message names DIALOG_STATE_TTL_HOURS', function () {
  this.timeout(120_000);

  let connector: FakeConnector;
  let bot: Bot;
  before(async () => {
    connector = await startFakeConnector();
    bot = await startBot(connector, { DIALOG_STATE_TTL_HOURS: '2' });
  });
  after(async () => {
    await bot?.close();
    await connector?.close();
  });

  for (const [locale, expiredLine] of [
    ['en-US', 'That task had expired: a task left for 2 hours without a click is closed.'],
    ['fr-FR', 'Cette tâche avait expiré : une tâche laissée 2 heures sans clic est fermée.'],
  ] as const) {
    it(`says "2 hours" when tasks expire after 2 hours (${locale})`, async () => {
      const alex = admin(locale);
      const search = await bot.openSearchStep(alex);
      bot.hours(2.5);
      const stale = await bot.press(alex, action(search, 'assign.search'), { query: 'patti' });
      assert.match(cardText(stale), locale === 'en-US' ? /no longer active/ : /n’est plus active/);
      const [line] = await connector.next(alex.conversationId, 1);
      assert.equal(line?.activity.text, expiredLine);
    });
  }

  it('words other lifetimes as hours or days, in both languages', () => {
    const said = (hours: number): string[] => [taskStrings.en.taskExpired(hours), taskStrings.fr.taskExpired(hours)];
    assert.match(said(1).join('\n'), /left for an hour without[\s\S]*laissée une heure sans/);
    assert.match(said(1.5).join('\n'), /left for 1\.5 hours without[\s\S]*laissée 1,5 heure sans/);
    assert.match(said(24).join('\n'), /left for a day without[\s\S]*laissée une journée sans/);
    assert.match(said(72).join('\n'), /left for 3 days without[\s\S]*laissée 3 jours sans/);
  });
});

/**
 * Action.Execute clicks collide only when a turn waits between reading and saving its state: here on the
 * partner API (the remote partner service over a real API), which holds one chosen request until told.
 */
describe('e2e: colliding Action.Execute clicks on one task (remote partner API)', function () {
  this.timeout(120_000);

  let connector: FakeConnector;
  let apiDb: OpenedDb;
  let api: restify.Server;
  let bot: Bot;
  /** The next API request whose URL matches waits until `release` is called. */
  let hold: { readonly match: RegExp; readonly seen: () => void; readonly released: Promise<void> } | undefined;

  before(async () => {
    connector = await startFakeConnector();
    apiDb = await openPglite();
    await migrate(apiDb.db, silentLogger);
    await seedDemoOrganization(apiDb.db, new Date().toISOString().slice(0, 10));
    const service = createEmbeddedPartnerService({
      db: apiDb.db,
      clock: () => new Date(),
      activationDelaySeconds: 3600,
      logger: silentLogger,
    });
    api = restify.createServer();
    api.pre((req, _res, next) => {
      const held = hold;
      if (held && held.match.test(req.url ?? '')) {
        hold = undefined;
        held.seen();
        void held.released.then(() => next());
      } else next();
    });
    api.use(restify.plugins.bodyParser());
    api.use(restify.plugins.queryParser());
    registerPartnerApi(api, service, { token: 'collision-token', logger: silentLogger });
    const apiUrl = new URL(await listenOnLoopback(api)).origin;
    bot = await startBot(connector, {
      PARTNER_SERVICE: 'remote',
      PARTNER_API_URL: apiUrl,
      PARTNER_API_TOKEN: 'collision-token',
    });
  });
  after(async () => {
    await bot?.close();
    api?.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (api) api.close(() => resolve());
      else resolve();
    });
    await apiDb?.dispose();
    await connector?.close();
  });

  /** Holds the next API request matching `match`; `seen` resolves once it arrived. */
  const holdNext = (match: RegExp): { seen: Promise<void>; release: () => void } => {
    let seen = (): void => undefined;
    let release = (): void => undefined;
    const arrived = new Promise<void>((resolve) => (seen = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    hold = { match, seen, released };
    return { seen: arrived, release };
  };

  it('one invoke is taken; the other gets the collided message as its invoke response, unsaved', async () => {
    const alex = admin('en-US');
    const search = await bot.openSearchStep(alex);
    const button = action(search, 'assign.search');
    const sentBefore = connector.received(alex.conversationId).length;

    const gate = holdNext(/^\/v1\/users\?.*q=patti/);
    const first = bot.pressRaw(alex, button, { query: 'patti' });
    // The first click has read the task's state and waits on the partner API; the second runs to the end.
    await gate.seen;
    const second = await bot.press(alex, button, { query: 'megan' });
    assert.ok(itemsMatching(second, /Megan Bowen/).length > 0, cardText(second));
    gate.release();

    const { status, body } = await first;
    assert.equal(status, 200);
    assert.deepEqual(body, {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: taskStrings.en.collided,
    });
    assert.equal(connector.received(alex.conversationId).length, sentBefore, 'told in the response, nothing sent');

    // The stored task is the taken click's (searching for Megan), and goes on from its card.
    const key = `msteams/conversations/${alex.conversationId}/`;
    const stored = JSON.stringify(await bot.app.stateStorage.read([key]));
    assert.match(stored, /"query":"megan"/);
    assert.doesNotMatch(stored, /"query":"patti"/);
    const [megan] = itemsMatching(second, /Megan Bowen/);
    const confirm = await bot.press(alex, action(megan, 'assign.user'));
    const done = await bot.press(alex, action(confirm, 'assign.confirm'));
    assert.match(cardText(done), /assigned to Megan Bowen/);
  });
});
