import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { parseConfig } from '../../src/config';
import { popularEntryIds, strings } from '../../src/i18n';
import { createLogger } from '../../src/logger';
import { cardNodes, cardText, type Json } from '../support/cards';
import { taskStrings } from '../../src/i18n';
import { startFakeConnector, type FakeConnector, type ReceivedActivity } from '../../scripts/support/fakeConnector';
import {
  composeQueryActivity,
  postInvoke,
  botAccount,
  cardSubmitActivity,
  installActivity,
  messageActivity,
  postActivity,
  teamsUser,
  type TeamsActivity,
  type TeamsUser,
} from '../../scripts/support/teamsClient';
import { FakePartnerApi, json, type Scripted } from '../services/partner/fakePartnerApi';

const adaptiveCard = (received: ReceivedActivity): Json => {
  const attachment = received.activity.attachments?.[0];
  assert.ok(attachment, `expected a card, got ${JSON.stringify(received.activity)}`);
  assert.equal(attachment.contentType, 'application/vnd.microsoft.card.adaptive');
  return attachment.content as Json;
};

const nodes = cardNodes;

const texts = (card: Json): string[] =>
  nodes(card).flatMap((n) => (n.type === 'TextBlock' && typeof n.text === 'string' ? [n.text] : []));
const firstText = (card: Json): string | undefined => texts(card)[0];
const openUrls = (card: Json): string[] =>
  nodes(card).flatMap((n) => (n.type === 'Action.OpenUrl' && typeof n.url === 'string' ? [n.url] : []));
const submitData = (card: Json): Json[] =>
  nodes(card).flatMap((n) =>
    n.type === 'Action.Submit' && n.data !== null && typeof n.data === 'object' ? [n.data as Json] : [],
  );

async function readJsonl(file: string): Promise<Json[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Json);
}

describe('e2e: the real server over HTTP, with a fake Bot Connector', function () {
  // Building the app (PGlite, search thread) took 17 s on the shared 2-core machine under load.
  this.timeout(60_000);

  let connector: FakeConnector;
  let app: App;
  let dataDir: string;
  let baseUrl: string;
  let messagesUrl: string;

  before(async () => {
    connector = await startFakeConnector();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pba-e2e-'));
    const parsed = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' });
    if (!parsed.ok) throw new Error(parsed.error);
    assert.equal(parsed.value.botAuth.MicrosoftAppId, undefined, 'anonymous auth, as in local development');
    app = await createApp(parsed.value, { logger: createLogger(parsed.value.logLevel) });
    await new Promise<void>((resolve) => {
      app.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = app.server.address();
    baseUrl = `http://127.0.0.1:${port}`;
    messagesUrl = `${baseUrl}/api/messages`;
  });

  after(async () => {
    await app?.close();
    await connector?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  afterEach(() => {
    assert.deepEqual(connector.unexpected, [], 'the bot only called connector routes the fake implements');
  });

  /** Posts an activity like Teams does and returns the one reply the connector received for it. */
  async function turn(user: TeamsUser, activity: TeamsActivity): Promise<ReceivedActivity> {
    const status = await postActivity(messagesUrl, activity);
    assert.ok(status === 200 || status === 201, `POST /api/messages answered ${status}`);
    const [reply] = await connector.next(user.conversationId, 1);
    assert.ok(reply);
    assert.equal(reply.operation, 'reply', 'answers thread to the incoming activity');
    assert.equal(reply.urlActivityId, activity.id);
    assert.equal(reply.activity.replyToId, activity.id);
    assert.equal(reply.activity.conversation?.id, user.conversationId);
    assert.equal(reply.activity.from?.id, botAccount.id);
    assert.equal(reply.activity.recipient?.id, user.id);
    return reply;
  }

  /** After a turn, nothing else reached the connector for that conversation. */
  async function assertNoMoreReplies(user: TeamsUser): Promise<void> {
    await assert.rejects(connector.next(user.conversationId, 1, { timeoutMs: 100 }), /expected 1 activities/);
  }

  it('GET /healthz answers 200 with the database checked (embedded partner: no partner API to check)', async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Json;
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.checks, { database: 'ok' });
    assert.ok(typeof body.entries === 'number' && body.entries > 0);
  });

  describe('install', () => {
    it('welcomes an English user with one English welcome card', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const reply = await turn(user, installActivity(user, connector.serviceUrl));
      const card = adaptiveCard(reply);
      assert.equal(firstText(card), strings.en.welcomeTitle);
      assert.ok(texts(card).includes(strings.en.welcomeIntro));
      assert.deepEqual(
        submitData(card).map((d) => d.verb),
        ['task.start', 'task.start', 'task.start', ...strings.en.examples.map(() => 'faq.ask')],
      );
      await assertNoMoreReplies(user);
    });

    it('welcomes a French user in French', async () => {
      const user = teamsUser('Adèle Vance', 'fr-FR');
      const reply = await turn(user, installActivity(user, connector.serviceUrl));
      const card = adaptiveCard(reply);
      assert.equal(firstText(card), strings.fr.welcomeTitle);
      assert.ok(texts(card).includes(strings.fr.welcomeIntro));
      assert.ok(submitData(card).every((d) => d.lang === 'fr'));
      await assertNoMoreReplies(user);
    });
  });

  describe('an English conversation', () => {
    const user = teamsUser('Megan Bowen', 'en-US');

    it('answers a question with the answer card of the right entry', async () => {
      const reply = await turn(user, messageActivity(user, connector.serviceUrl, 'when can we renew action pack'));
      const entry = app.engine.index.get('renewal-window');
      assert.ok(entry);
      const card = adaptiveCard(reply);
      assert.equal(reply.activity.locale, 'en');
      assert.equal(firstText(card), entry.en.title);
      assert.ok(openUrls(card).includes(entry.source));
      assert.match(entry.source, /^https:\/\/learn\.microsoft\.com\//);
      const votes = submitData(card).filter((d) => d.verb === 'faq.feedback');
      assert.deepEqual(
        votes.map((d) => [d.vote, d.entryId, d.lang]),
        [
          ['up', 'renewal-window', 'en'],
          ['down', 'renewal-window', 'en'],
        ],
      );
      await assertNoMoreReplies(user);
    });

    it('answers "help" with the help card', async () => {
      const reply = await turn(user, messageActivity(user, connector.serviceUrl, 'help'));
      const card = adaptiveCard(reply);
      assert.equal(firstText(card), strings.en.helpTitle);
      assert.ok(!texts(card).includes(strings.en.welcomeIntro));
      await assertNoMoreReplies(user);
    });
  });

  describe('a French conversation', () => {
    const user = teamsUser('Adèle Vance', 'fr-FR');

    it('answers a French question with the French answer card', async () => {
      const reply = await turn(
        user,
        messageActivity(user, connector.serviceUrl, 'comment attribuer un abonnement visual studio à un dev'),
      );
      const entry = app.engine.index.get('vs-assign');
      assert.ok(entry);
      const card = adaptiveCard(reply);
      assert.equal(reply.activity.locale, 'fr');
      assert.equal(firstText(card), entry.fr.title);
      assert.ok(texts(card).includes(strings.fr.wasHelpful));
      assert.ok(openUrls(card).includes(entry.source));
      assert.ok(submitData(card).every((d) => d.lang === 'fr'));
      await assertNoMoreReplies(user);
    });
  });

  describe('feedback and gaps', () => {
    const user = teamsUser('Megan Bowen', 'en-US');

    it('thanks a 👎 click and records the vote in feedback.jsonl', async () => {
      const question = 'when can we renew action pack';
      const value = { verb: 'faq.feedback', vote: 'down', entryId: 'renewal-window', lang: 'en', question };
      const reply = await turn(user, cardSubmitActivity(user, connector.serviceUrl, value, '1:previous-answer'));
      assert.equal(reply.activity.type, 'message');
      assert.equal(reply.activity.text, strings.en.thanksDown);
      const records = await readJsonl(path.join(dataDir, 'feedback.jsonl'));
      const vote = records.find((r) => r.entryId === 'renewal-window' && r.question === question);
      assert.ok(vote, `vote not in feedback.jsonl: ${JSON.stringify(records)}`);
      assert.equal(vote.vote, 'down');
      assert.equal(vote.language, 'en');
      assert.equal(vote.generated, false);
      await assertNoMoreReplies(user);
    });

    it('answers an out-of-scope question with the "no answer" card and records it in unanswered.jsonl', async () => {
      const question = 'tell me a joke';
      const reply = await turn(user, messageActivity(user, connector.serviceUrl, question));
      const card = adaptiveCard(reply);
      assert.equal(firstText(card), strings.en.noAnswerTitle);
      assert.ok(texts(card).includes(strings.en.popularTopics));
      assert.ok(
        submitData(card).some((d) => d.verb === 'faq.open'),
        'offers popular topics',
      );
      await app.feedback.flush(); // recorded behind the reply
      const records = await readJsonl(path.join(dataDir, 'unanswered.jsonl'));
      const gap = records.find((r) => r.question === question);
      assert.ok(gap, `question not in unanswered.jsonl: ${JSON.stringify(records)}`);
      assert.equal(gap.outcome, 'none');
      assert.equal(gap.language, 'en');
      await assertNoMoreReplies(user);
    });
  });

  const engineTitle = (id: string): string => app.engine.index.get(id)?.en.title ?? `(missing ${id})`;

  describe('compose box search', () => {
    const user = teamsUser('Patti Fernandez', 'en-US');
    const titles = async (query: string): Promise<string[]> => {
      const { status, body } = await postInvoke(messagesUrl, composeQueryActivity(user, connector.serviceUrl, query));
      assert.equal(status, 200);
      const result = body as { composeExtension: { attachments?: { preview: { content: { title: string } } }[] } };
      // No match is a plain text 'message' result, which has no attachments.
      return (result.composeExtension.attachments ?? []).map((a) => a.preview.content.title);
    };

    it('returns matching answer cards, best first', async () => {
      const found = await titles('reassign visual studio');
      assert.equal(found[0], engineTitle('vs-reassign'));
    });

    it('shows the popular topics for an empty query and nothing for a query that matches nothing', async () => {
      assert.deepEqual(await titles(''), popularEntryIds.map(engineTitle));
      assert.deepEqual(await titles('weather in tokyo'), []);
    });
  });
});

describe('e2e: /healthz reports the database and the remote partner API as they are', function () {
  this.timeout(60_000);
  const api = new FakePartnerApi();
  let health: Scripted = json(200, { value: { status: 'ok' } });
  let app: App;
  let dataDir: string;
  let healthz: string;

  before(async () => {
    const apiUrl = await api.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pba-health-'));
    const env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
      SEARCH_THREAD: 'main',
      PARTNER_SERVICE: 'remote',
      PARTNER_API_URL: apiUrl,
      PARTNER_API_TOKEN: 't',
    };
    const parsed = parseConfig(env);
    if (!parsed.ok) throw new Error(parsed.error);
    app = await createApp(parsed.value, { logger: createLogger('silent'), jobIntervalMs: 60_000 });
    await new Promise<void>((resolve) => {
      app.server.listen(0, '127.0.0.1', () => resolve());
    });
    healthz = `http://127.0.0.1:${app.server.address().port}/healthz`;
  });
  beforeEach(() => {
    api.reset();
    // The background jobs' reads get empty lists; /v1/health answers as the test says.
    api.handler = async (req) => (req.url.startsWith('/v1/health') ? health : json(200, { value: [] }));
  });
  after(async () => {
    await app?.close();
    await api.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const check = async (): Promise<{ status: number; body: Json }> => {
    const res = await fetch(healthz);
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('answers 200 when both answer, having asked the API with the token', async () => {
    health = json(200, { value: { status: 'ok' } });
    const { status, body } = await check();
    assert.equal(status, 200);
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.checks, { database: 'ok', partnerApi: 'ok' });
    const ping = api.received.find((r) => r.url === '/v1/health');
    assert.equal(ping?.headers.authorization, 'Bearer t');
  });

  it('answers 503 naming the partner API when it is down, or refuses the token', async () => {
    health = json(503, {});
    const down = await check();
    assert.equal(down.status, 503);
    assert.equal(down.body.status, 'degraded');
    assert.deepEqual(down.body.checks, { database: 'ok', partnerApi: 'down' });
    assert.equal(api.received.filter((r) => r.url === '/v1/health').length, 1, 'the probe is not retried');

    health = { ...json(200, { value: { status: 'ok' } }), delayMs: 5000 };
    const slow = await check();
    assert.equal(slow.status, 503);
    assert.deepEqual(slow.body.checks, { database: 'ok', partnerApi: 'down' });

    health = json(401, { error: { code: 'Unauthorized' } });
    const refused = await check();
    assert.equal(refused.status, 503);
    assert.deepEqual(refused.body.checks, { database: 'ok', partnerApi: 'misconfigured' });
  });

  it(
    'tells a user whose task meets a refused token that the setup is wrong ' +
      'and to ask the admin, in their language',
    async () => {
      health = json(200, { value: { status: 'ok' } });
      api.handler = async () => json(401, { error: { code: 'Unauthorized' } });
      const connector = await startFakeConnector();
      try {
        for (const [locale, text, expected] of [
          ['en-US', 'renewal dates', taskStrings.en.misconfigured],
          ['fr-FR', 'dates de renouvellement', taskStrings.fr.misconfigured],
        ] as const) {
          const user = teamsUser('Megan Bowen', locale);
          const status = await postActivity(
            healthz.replace('/healthz', '/api/messages'),
            messageActivity(user, connector.serviceUrl, text),
          );
          assert.ok(status === 200 || status === 201);
          const [reply] = await connector.next(user.conversationId, 1);
          const shown = reply?.activity.text ?? cardText(reply?.activity.attachments?.[0]?.content);
          assert.ok(shown.includes(expected), `${locale}: ${shown}`);
        }
      } finally {
        await connector.close();
      }
    },
  );

  it('answers 503 naming the database when it does not answer', async () => {
    health = json(200, { value: { status: 'ok' } });
    await app.stack.db.close();
    const { status, body } = await check();
    assert.equal(status, 503);
    assert.deepEqual(body.checks, { database: 'down', partnerApi: 'ok' });
  });
});
