import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { App } from '../../src/app';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import {
  composeQueryActivity,
  messageActivity,
  teamsUser,
  type TeamsActivity,
  type TeamsUser,
} from '../../scripts/support/teamsClient';
import { startTestApp, type RunningApp } from '../support/fixtures';

/*
 * POST /api/messages without bot authentication (no MicrosoftAppId), as in local development: what the edge refuses
 * before any handler runs (content type, size, JSON, the least of an activity, where replies would go), each a short
 * JSON answer, fast, with no turn behind it.
 */

const ALLOWED_SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

async function post(
  url: string,
  body: NonNullable<RequestInit['body']>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const started = performance.now();
  const init: RequestInit & { duplex?: 'half' } = {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  };
  // A stream body is sent chunked, without a content-length (fetch then needs duplex).
  if (typeof body === 'object' && 'getReader' in body) init.duplex = 'half';
  const res = await fetch(url, init);
  return { status: res.status, body: await res.text(), ms: performance.now() - started };
}

/** A JSON body with one field removed (`conversation.id` reaches inside). */
function without(activity: TeamsActivity, field: string): string {
  const copy = structuredClone(activity) as Record<string, unknown>;
  const [outer, inner] = field.split('.') as [string, string | undefined];
  if (inner === undefined) delete copy[outer];
  else delete (copy[outer] as Record<string, unknown>)[inner];
  return JSON.stringify(copy);
}

/** A short refusal: the status, `{"error": reason}` exactly, and nothing internal in it. */
function assertRefused(answer: Answer, status: number, error: string): void {
  assert.equal(answer.status, status, answer.body);
  assert.deepEqual(JSON.parse(answer.body), { error });
  assert.doesNotMatch(answer.body, /https?:|login\.|\n\s+at /, 'no URL, no stack');
  // Nothing here waits on the network (before: a missing serviceUrl took 10.8 s, a missing from.id 4.3 s).
  assert.ok(answer.ms < 1000, `answered in ${answer.ms.toFixed(0)} ms`);
}

describe('POST /api/messages: bad input at the edge (no bot authentication)', function () {
  // Two apps (PGlite each) on a shared machine.
  this.timeout(120_000);

  let connector: FakeConnector;
  before(async () => {
    connector = await startFakeConnector();
  });
  after(async () => {
    await connector?.close();
  });

  /** An unauthenticated app over a temp DATA_DIR on a free loopback port. */
  async function start(env: NodeJS.ProcessEnv): Promise<RunningApp> {
    const running = await startTestApp(env);
    assert.equal(running.config.inbound.kind, 'none');
    return running;
  }

  describe('with the default settings', () => {
    let app: App;
    let url: string;
    let close: () => Promise<void>;
    before(async () => {
      ({ app, url, close } = await start({}));
    });
    after(async () => {
      await close?.();
    });

    /** No turn ran for the user: no reply reached the connector, and the bot did not note where to reach them. */
    async function assertNoTurn(user: TeamsUser): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(connector.received(user.conversationId), []);
      assert.equal(await app.stack.conversations.get(user.tenantId, user.aadObjectId), undefined);
    }

    it('answers a well-formed message as before: the reply reaches the loopback connector (the control)', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const answer = await post(url, JSON.stringify(messageActivity(user, connector.serviceUrl, 'help')));
      assert.equal(answer.status, 200);
      const [reply] = await connector.next(user.conversationId, 1);
      assert.equal(reply?.operation, 'reply');
      assert.ok(await app.stack.conversations.get(user.tenantId, user.aadObjectId), 'the turn noted the chat');
    });

    it('refuses other content types with 415 (before: text/plain 400 with the SDK sentence, a form 500)', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const json = JSON.stringify(messageActivity(user, connector.serviceUrl, 'help'));
      const plain = await post(url, json, { 'content-type': 'text/plain' });
      assertRefused(plain, 415, 'content type must be application/json');
      const form = await post(url, 'type=message&text=help', { 'content-type': 'application/x-www-form-urlencoded' });
      assertRefused(form, 415, 'content type must be application/json');
      // A charset is fine; a compressed body is not read (it would be inflated past the limit).
      assert.equal((await post(url, json, { 'content-type': 'application/json; charset=utf-8' })).status, 200);
      await connector.next(user.conversationId, 1);
      const gzipped = await post(url, gzipSync(json), { 'content-encoding': 'gzip' });
      assertRefused(gzipped, 415, 'content encoding not supported');
    });

    it('refuses a body over 256 KB with 413, declared or chunked, quickly (before: a 3 MB body got 200)', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const big = JSON.stringify({ ...messageActivity(user, connector.serviceUrl, 'help'), pad: 'x'.repeat(300_000) });
      assertRefused(await post(url, big), 413, 'body too large');
      const threeMb = JSON.stringify({ ...messageActivity(user, connector.serviceUrl, 'hi'), pad: 'x'.repeat(3e6) });
      assertRefused(await post(url, threeMb), 413, 'body too large');
      // Without a content-length restify's reader counts the bytes as they come.
      const chunks = [big.slice(0, 100_000), big.slice(100_000, 200_000), big.slice(200_000)];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      });
      assertRefused(await post(url, stream), 413, 'body too large');
      await assertNoTurn(user);
    });

    it("refuses what is not a JSON activity with 400 (before: bad JSON got restify's own error body)", async () => {
      assertRefused(await post(url, '{"type": "message",'), 400, 'body is not valid JSON');
      assertRefused(await post(url, ''), 400, 'body must be a JSON activity');
      for (const body of ['[]', 'null', '"message"', '42']) {
        assertRefused(await post(url, body), 400, 'activity must be a JSON object');
      }
    });

    const missing: readonly [field: string, before: string][] = [
      ['type', '500 "validateAndFixActivity(): missing activity type"'],
      ['conversation', 'a silent 200'],
      ['conversation.id', 'a silent 200'],
      ['from', '200 after 4.3 s'],
      ['from.id', '200 after 4.3 s'],
      ['serviceUrl', '200 after 5-11 s'],
    ];
    for (const [field, before] of missing) {
      const title = `refuses an activity without ${field} with 400 and a one-line reason, at once (before: ${before})`;
      it(title, async () => {
        const user = teamsUser('Megan Bowen', 'en-US');
        const answer = await post(url, without(messageActivity(user, connector.serviceUrl, 'help'), field));
        assertRefused(answer, 400, `activity.${field} is required`);
        await assertNoTurn(user);
      });
    }

    it('refuses fields of the wrong kind with 400 naming the field', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const base = messageActivity(user, connector.serviceUrl, 'help');
      assertRefused(await post(url, JSON.stringify({ ...base, type: 7 })), 400, 'activity.type must be a string');
      assertRefused(
        await post(url, JSON.stringify({ ...base, serviceUrl: 'not a url' })),
        400,
        'activity.serviceUrl must be an http(s) URL',
      );
      assertRefused(
        await post(url, JSON.stringify({ ...base, conversation: 'a:1' })),
        400,
        'activity.conversation must be an object',
      );
      // Before: text 42 reached the turn, which reads it as a string (a failed turn).
      assertRefused(await post(url, JSON.stringify({ ...base, text: 42 })), 400, 'activity.text must be a string');
      assertRefused(
        await post(url, JSON.stringify({ ...base, locale: ['fr'] })),
        400,
        'activity.locale must be a string',
      );
      await assertNoTurn(user);
    });

    it('refuses a serviceUrl that is not this machine with 403 and sends nothing there (before: 200)', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      for (const serviceUrl of [ALLOWED_SERVICE_URL, 'https://attacker.example/', 'http://10.0.0.8:3978/']) {
        const answer = await post(url, JSON.stringify(messageActivity(user, serviceUrl, 'help')));
        assertRefused(answer, 403, 'serviceUrl not allowed');
      }
      await assertNoTurn(user);
      // localhost counts as this machine, as 127.0.0.1 does: the Playground's connector.
      const local = await post(url, JSON.stringify(composeQueryActivity(user, 'http://localhost:1/', 'renew')));
      assert.equal(local.status, 200, local.body);
    });

    it('refuses JSON nested 40 000 or 100 000 levels deep with 400 and keeps answering (never 500)', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const base = JSON.stringify({ ...messageActivity(user, connector.serviceUrl, 'help'), value: 0 });
      const objects = base.replace('"value":0', `"value":${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`);
      const arrays = base.replace('"value":0', `"value":${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      for (const body of [objects, arrays]) {
        assert.ok(body.length < 262_144, 'within the body limit');
        assertRefused(await post(url, body), 400, 'body is nested too deeply');
      }
      await assertNoTurn(user);
      // Nesting as deep as a real card's data is a normal turn.
      const card = base.replace('"value":0', `"value":${'{"a":'.repeat(30)}1${'}'.repeat(30)}`);
      assert.equal((await post(url, card)).status, 200);
      assert.equal((await connector.next(user.conversationId, 1)).length, 1);
    });
  });

  describe('with MAX_BODY_BYTES=4096 and ALLOWED_SERVICE_URLS', () => {
    let url: string;
    let close: () => Promise<void>;
    before(async () => {
      ({ url, close } = await start({ MAX_BODY_BYTES: '4096', ALLOWED_SERVICE_URLS: ALLOWED_SERVICE_URL }));
    });
    after(async () => {
      await close?.();
    });

    it('refuses a 5 KB body with 413 and answers a 1.5 KB one', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const activity = messageActivity(user, connector.serviceUrl, 'help');
      const small = JSON.stringify(activity);
      assert.ok(small.length < 4096);
      assertRefused(await post(url, JSON.stringify({ ...activity, pad: 'x'.repeat(5000) })), 413, 'body too large');
      assert.equal((await post(url, small)).status, 200);
      assert.equal((await connector.next(user.conversationId, 1)).length, 1);
    });

    it("runs the turn for a serviceUrl on ALLOWED_SERVICE_URLS and still refuses others' with 403", async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      // An invoke is answered in the HTTP response itself: nothing has to reach the allowed (unreachable) service.
      const allowed = await post(url, JSON.stringify(composeQueryActivity(user, ALLOWED_SERVICE_URL, 'renew')));
      assert.equal(allowed.status, 200, allowed.body);
      const body = JSON.parse(allowed.body) as { composeExtension?: { type?: string } };
      assert.equal(body.composeExtension?.type, 'result');
      const other = await post(url, JSON.stringify(composeQueryActivity(user, 'https://elsewhere.example/', 'renew')));
      assertRefused(other, 403, 'serviceUrl not allowed');
    });
  });
});
