import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import {
  composeQueryActivity,
  installActivity,
  teamsUser,
  type TeamsActivity,
  type TeamsUser,
} from '../../scripts/support/teamsClient';
import {
  startBotFrameworkStandIn,
  TEST_BOT_APP_ID,
  type BadKind,
  type BotFrameworkStandIn,
} from '../support/botFrameworkKeys';
import { listenOnLoopback, logCapture, tempDir, testConfig } from '../support/fixtures';

/*
 * POST /api/messages with bot authentication on (MicrosoftAppId), the SDK's ToBotFromChannelOpenIdMetadataUrl
 * pointing at a Bot Framework stand-in on 127.0.0.1. Replies would need a token from login.microsoftonline.com
 * (not reachable here), so a turn is shown by an invoke, whose answer is the HTTP response itself, and by the
 * conversation reference every turn stores.
 */

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
  readonly ms: number;
}

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly reason?: string;
  readonly remote?: string;
  readonly suppressed?: number;
}

describe('POST /api/messages with bot authentication: Bot Framework tokens at the edge', function () {
  // PGlite and the app on a shared machine.
  this.timeout(120_000);

  let keys: BotFrameworkStandIn;
  let connector: FakeConnector;
  let app: App;
  let url: string;
  let removeDir: () => Promise<void>;
  const { lines: logText, stream } = logCapture();
  /** The app's clock runs this far ahead of the real one (the rejected-request log counts minutes by it). */
  let aheadMs = 0;
  const consoleErrors: unknown[][] = [];
  const consoleError = console.error;

  before(async () => {
    keys = await startBotFrameworkStandIn();
    connector = await startFakeConnector();
    const dir = await tempDir();
    removeDir = dir.remove;
    const config = testConfig({
      DATA_DIR: dir.dir,
      PORT: '0',
      HOST: '127.0.0.1',
      MicrosoftAppId: TEST_BOT_APP_ID,
      MicrosoftAppPassword: 'test-secret',
      ToBotFromChannelOpenIdMetadataUrl: keys.metadataUrl,
    });
    assert.deepEqual(config.inbound, { kind: 'token', openIdMetadataUrl: keys.metadataUrl });
    const logger = pino({ level: 'info' }, stream);
    app = await createApp(config, { logger, clock: () => new Date(Date.now() + aheadMs), jobIntervalMs: 3_600_000 });
    url = await listenOnLoopback(app.server);
    // Observed, not replaced: the SDK's JwtTokenExtractor writes each bad token's error there (before: a stack each).
    console.error = (...args: unknown[]) => {
      consoleErrors.push(args);
      consoleError(...args);
    };
  });

  after(async () => {
    console.error = consoleError;
    await app?.close();
    await connector?.close();
    await keys?.close();
    await removeDir?.();
  });

  const logLines = (): LogLine[] => logText.map((l) => JSON.parse(l) as LogLine);

  async function post(activity: TeamsActivity | Record<string, unknown>, authorization?: string): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
    return { status: res.status, body: await res.text(), headers: res.headers, ms: performance.now() - started };
  }

  const bearer = async (bad?: BadKind, serviceUrl: string | null = connector.serviceUrl): Promise<string> =>
    `Bearer ${await keys.sign({ serviceUrl, ...(bad ? { bad } : {}) })}`;

  const query = (user: TeamsUser, text = 'renew action pack'): TeamsActivity =>
    composeQueryActivity(user, connector.serviceUrl, text);

  /** A compose-box search that ran: 200 with its result list. */
  function assertTurnAnswered(answer: Answer): void {
    assert.equal(answer.status, 200, answer.body);
    const body = JSON.parse(answer.body) as { composeExtension?: { type?: string; attachments?: unknown[] } };
    assert.equal(body.composeExtension?.type, 'result');
    assert.ok((body.composeExtension?.attachments?.length ?? 0) > 0);
  }

  /** Refused with `status` and a body that is the error word alone: no URL, no SDK sentence, no stack. */
  function assertRefused(answer: Answer, status: number, error: string): void {
    assert.equal(answer.status, status, answer.body);
    assert.deepEqual(JSON.parse(answer.body), { error });
    assert.doesNotMatch(answer.body, /http|login\.|Unauthorized|\n\s+at /);
    assert.ok(answer.ms < 1000, `answered in ${answer.ms.toFixed(0)} ms`);
  }

  /** No handler ran for the user: nothing reached the connector and the bot did not note the chat. */
  async function assertNoTurn(user: TeamsUser): Promise<void> {
    assert.deepEqual(connector.received(user.conversationId), []);
    assert.equal(await app.stack.conversations.get(user.tenantId, user.aadObjectId), undefined);
  }

  it('answers 503 with Retry-After while the signing keys cannot be fetched (ours or the SDK), then 200', async () => {
    const user = teamsUser('Megan Bowen', 'en-US');
    const token = await bearer();
    for (const outage of ['gone', 'error'] as const) {
      keys.setOutage(outage);
      const answer = await post(query(user), token);
      assertRefused(answer, 503, 'authentication unavailable');
      const retryAfter = Number(answer.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 5, `Retry-After: ${retryAfter}`);
      // Tried again no sooner than it said.
      aheadMs += retryAfter * 1000;
    }
    assert.deepEqual(keys.fetches, { metadata: 0, keys: 0 });
    await assertNoTurn(user);

    // Our check gets the keys, then the stand-in fails the SDK's own fetch: still 503, not the SDK's 500.
    keys.setOutage('error', { afterMetadata: 1 });
    assertRefused(await post(query(user), token), 503, 'authentication unavailable');
    assert.deepEqual(keys.fetches, { metadata: 1, keys: 1 });
    await assertNoTurn(user);

    keys.setOutage(undefined);
    assertTurnAnswered(await post(query(user), token));
    assert.ok(await app.stack.conversations.get(user.tenantId, user.aadObjectId), 'the turn ran');
    assert.deepEqual(keys.fetches, { metadata: 2, keys: 2 }, 'ours, then the SDK');
  });

  it('keeps the keys: 30 more valid requests fetch nothing, and each is answered', async () => {
    const before = { ...keys.fetches };
    for (let i = 0; i < 30; i += 1) {
      assertTurnAnswered(await post(query(teamsUser(`User ${i}`, 'en-US')), await bearer()));
    }
    assert.deepEqual(keys.fetches, before);
  });

  const badTokens: readonly [name: string, authorization: () => Promise<string | undefined>][] = [
    ['no Authorization header', () => Promise.resolve(undefined)],
    ['garbage', () => Promise.resolve('Bearer garbage')],
    ['another scheme', async () => (await bearer()).replace('Bearer', 'Basic')],
    ['a wrong signature (a key nobody published)', () => bearer('foreignKey')],
    ['an unknown kid', () => bearer('unknownKid')],
    ['alg: none', () => bearer('algNone')],
    ['a wrong audience', () => bearer('wrongAudience')],
    ['a wrong issuer (an Entra ID token)', () => bearer('wrongIssuer')],
    ['an expired token (past the 5 minutes of tolerance)', () => bearer('expired')],
    ['a token without exp', () => bearer('noExpiry')],
    ['a key endorsed for another channel', () => bearer('notEndorsed')],
    ['a serviceurl claim that differs from the activity', () => bearer(undefined, 'https://attacker.example/')],
    ['no serviceurl claim while the activity has one', () => bearer(undefined, null)],
  ];
  for (const [name, authorization] of badTokens) {
    it(`refuses ${name} with 401 {"error":"unauthorized"} at once, and runs no handler`, async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const fetched = keys.fetches.keys;
      const answer = await post(query(user), await authorization());
      assertRefused(answer, 401, 'unauthorized');
      assert.equal(answer.headers.get('www-authenticate'), 'Bearer');
      // An install would be welcomed (and noted in the conversation state) if its turn ran.
      assertRefused(
        await post(installActivity(user, connector.serviceUrl), await authorization()),
        401,
        'unauthorized',
      );
      await assertNoTurn(user);
      assert.ok(keys.fetches.keys - fetched <= 1, 'an unknown kid refreshes the keys at most once per 30 s');
    });
  }

  it('takes a missing serviceUrl from the token (Teams always sends one)', async () => {
    const user = teamsUser('Megan Bowen', 'en-US');
    const { serviceUrl: _dropped, ...activity } = query(user);
    assertTurnAnswered(await post(activity, await bearer()));
    const stored = await app.stack.conversations.get(user.tenantId, user.aadObjectId);
    assert.equal(stored?.reference.serviceUrl, connector.serviceUrl);
    // Without one in the token either, there is nowhere to answer: 400.
    const none = await post(activity, await bearer(undefined, null));
    assertRefused(none, 400, 'activity.serviceUrl is required');
  });

  it('logs one warn line per refused request, at most 10 a minute, then how many went unlogged', async () => {
    // A fresh minute for the log; the earlier tests' refusals end up in its first line's count.
    aheadMs += 61_000;
    const from = logText.length;
    const token = await bearer('foreignKey');
    for (let i = 0; i < 200; i += 1) assert.equal((await post(query(teamsUser('Flood', 'en-US')), token)).status, 401);
    aheadMs += 61_000;
    assert.equal((await post(query(teamsUser('After', 'en-US')), 'Bearer garbage')).status, 401);

    const lines = logLines().slice(from);
    const refused = lines.filter((l) => l.msg === 'request refused');
    const summaries = lines.filter((l) => l.suppressed !== undefined);
    assert.equal(refused.length, 11, 'ten in the flood, one after it');
    assert.ok(refused.every((l) => l.level === 40 && l.remote === '127.0.0.1'));
    assert.deepEqual(
      refused.map((l) => l.reason),
      [...Array<string>(10).fill('bad signature'), 'malformed token'],
    );
    // The last summary counts the flood's 190 unlogged refusals (an earlier one may count the earlier tests').
    assert.equal(summaries.at(-1)?.suppressed, 190);
    assert.ok(summaries.every((l) => l.level === 40));
  });

  it('never logged a token or a stack trace, and the SDK wrote nothing to the console', () => {
    const all = logText.join('\n');
    assert.doesNotMatch(all, /eyJ[\w-]+\.eyJ/, 'no JWT');
    assert.doesNotMatch(all, /Bearer/);
    assert.doesNotMatch(all, /\\n\s+at |"stack"/, 'no stack');
    assert.deepEqual(consoleErrors, []);
  });
});
