import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TurnContext } from 'botbuilder';
import type { App } from '../../src/app';
import { strings } from '../../src/i18n';
import { maxMessageBytes } from '../../dialogs/mainDialog';
import { startFakeConnector, type FakeConnector, type ReceivedActivity } from '../../scripts/support/fakeConnector';
import {
  cardExecuteActivity,
  composeQueryActivity,
  messageActivity,
  postActivity,
  teamsUser,
  type TeamsActivity,
  type TeamsUser,
} from '../../scripts/support/teamsClient';
import { cardNodes, type Json } from '../support/cards';
import { demoTeamsUser, startTestApp, type RunningApp } from '../support/fixtures';

const repeatTo = (unit: string, length: number): string =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const englishText = repeatTo('how do I renew our action pack and assign visual studio subscriptions ', 100_000);
const frenchText = repeatTo('comment renouveler notre adhésion et attribuer les abonnements Visual Studio ? ', 100_000);
/** The longest single word a Teams message can carry (under maxMessageBytes). */
const longestWord = 'x'.repeat(25_000);

/** The TextBlocks of a reply's card, first the title. */
const cardTexts = (received: ReceivedActivity): string[] => {
  const content = received.activity.attachments?.[0]?.content as Json | undefined;
  assert.ok(content, `expected a card, got ${JSON.stringify(received.activity).slice(0, 300)}`);
  return cardNodes(content).flatMap((n) => (n.type === 'TextBlock' && typeof n.text === 'string' ? [n.text] : []));
};

describe('e2e: bad input inside the bot (text bounds, malformed invokes), over HTTP', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let running: RunningApp;
  let app: App;
  let messagesUrl: string;

  before(async () => {
    connector = await startFakeConnector();
    // Unauthenticated on loopback, as in local development; replies go to the fake connector on 127.0.0.1.
    running = await startTestApp({}, { jobIntervalMs: 60_000 });
    ({ app, url: messagesUrl } = running);
  });

  after(async () => {
    await running?.close();
    await connector?.close();
  });

  afterEach(() => {
    assert.deepEqual(connector.unexpected, [], 'the bot only called connector routes the fake implements');
  });

  /** Posts a message and returns the one reply with the turn's time (HTTP answer and reply both in). */
  async function turn(user: TeamsUser, text: string): Promise<{ reply: ReceivedActivity; ms: number }> {
    const start = performance.now();
    const status = await postActivity(messagesUrl, messageActivity(user, connector.serviceUrl, text));
    assert.ok(status === 200 || status === 201, `POST /api/messages answered ${status}`);
    const [reply] = await connector.next(user.conversationId, 1);
    assert.ok(reply);
    const ms = performance.now() - start;
    await assert.rejects(connector.next(user.conversationId, 1, { timeoutMs: 200 }), /expected 1 activities/);
    return { reply, ms };
  }

  /** The reply is the one polite line in that language: plain text, no card. */
  function assertDeclined(reply: ReceivedActivity, language: 'en' | 'fr'): void {
    assert.equal(typeof reply.activity.text, 'string', 'a text reply');
    assert.equal(reply.activity.text, strings[language].messageTooLong);
    assert.equal(reply.activity.attachments?.length ?? 0, 0);
  }

  async function unansweredQuestions(): Promise<string[]> {
    await app.feedback.flush();
    const text = await readFile(path.join(running.config.dataDir, 'unanswered.jsonl'), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => String((JSON.parse(line) as Json).question));
  }

  describe('messages longer than Teams sends', () => {
    it('declines a 100 KB message with one polite line in English, and searches nothing', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const { reply } = await turn(user, englishText);
      assertDeclined(reply, 'en');
      // A search that finds nothing records the question; this one never reached the search.
      assert.ok(!(await unansweredQuestions()).some((q) => q.startsWith('how do I renew our action pack and')));
    });

    it('declines a 100 KB French message in French, whatever the client language', async () => {
      const fr = teamsUser('Adèle Vance', 'fr-FR');
      assertDeclined((await turn(fr, frenchText)).reply, 'fr');
      const en = teamsUser('Adèle Vance', 'en-US');
      assertDeclined((await turn(en, frenchText)).reply, 'fr');
    });

    it(`declines a 40,000-character word (over ${maxMessageBytes} bytes) quickly`, async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const { reply, ms } = await turn(user, 'a'.repeat(40_000));
      assertDeclined(reply, 'en');
      // Before: 2 to 17 s and hundreds of MB of search for this one word.
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    });

    it('counts bytes: 10,000 emoji (40 KB) are declined, 13,000 accented letters (26 KB) are not', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      assertDeclined((await turn(user, '🙂'.repeat(10_000))).reply, 'en');
      const { reply } = await turn(user, 'é'.repeat(13_000));
      assert.equal(cardTexts(reply)[0], strings.en.noAnswerTitle);
    });
  });

  it('leaves an open task as it was after a declined message and a malformed press', async () => {
    const alex = demoTeamsUser('Alex Wilber');
    const taskOpen = (): Promise<boolean> =>
      app.dialogState.hasActiveDialog(new TurnContext(app.adapter, messageActivity(alex, connector.serviceUrl, '')));
    const { reply } = await turn(alex, 'assign Visual Studio');
    assert.match(cardTexts(reply).join('\n'), /Step 1 of 3/);
    assert.ok(await taskOpen());
    assertDeclined((await turn(alex, englishText)).reply, 'en');
    assert.ok(await taskOpen(), 'the decline moved no dialog');
    const forged = { ...cardExecuteActivity(alex, connector.serviceUrl, 'task.cancel', {}), value: 'task.cancel' };
    assert.equal((await post(forged)).status, 400);
    // Before, the failed turn's handler apologised and dropped the dialog stack.
    await assert.rejects(connector.next(alex.conversationId, 1, { timeoutMs: 300 }), /expected 1 activities/);
    assert.ok(await taskOpen(), 'the malformed press moved no dialog');
  });

  describe('long and odd text within the size', () => {
    it('answers a 25,000-character word with the "no answer" card, quickly', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const { reply, ms } = await turn(user, longestWord);
      assert.equal(cardTexts(reply)[0], strings.en.noAnswerTitle);
      // Before the search was bounded, this took 1.3 to 1.7 s (and a 40,000-letter word 5 s, 900 MB).
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    });

    it('answers a real question with a 25,000-character word appended', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const { reply } = await turn(user, `how do I activate tech benefits ${longestWord}`);
      assert.equal(cardTexts(reply)[0], app.engine.index.get('tech-benefits-activate')?.en.title);
    });

    it('reads control characters as spaces and answers normally', async () => {
      const user = teamsUser('Megan Bowen', 'en-US');
      const { reply } = await turn(user, 'how\u0000do I\u0007activate\u001btech\u007fbenefits\u0085');
      assert.equal(cardTexts(reply)[0], app.engine.index.get('tech-benefits-activate')?.en.title);
    });
  });

  /** The HTTP reply Teams reads: its status and the invoke response body, if any. */
  async function post(activity: TeamsActivity): Promise<{ status: number; body: unknown }> {
    const res = await fetch(messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  describe('adaptiveCard/action with a malformed value', () => {
    const user = teamsUser('Megan Bowen', 'en-US');
    const execute = cardExecuteActivity(user, '', 'task.cancel', {});
    const malformed: Record<string, unknown> = {
      'a string value': 'task.cancel',
      'an array value': [{ action: { type: 'Action.Execute', verb: 'task.cancel', data: {} } }],
      'no action': { trigger: 'manual' },
      'an action that is a string': { action: 'task.cancel' },
      'an Action.Submit action': { action: { type: 'Action.Submit', verb: 'task.cancel', data: {} } },
      'no verb': { action: { type: 'Action.Execute', data: { verb: 'task.cancel' } } },
      'a non-string verb': { action: { type: 'Action.Execute', verb: 42, data: {} } },
      'data that is a string': { action: { type: 'Action.Execute', verb: 'task.cancel', data: 'x' } },
      'data that is an array': { action: { type: 'Action.Execute', verb: 'task.cancel', data: [1, 2] } },
    };
    for (const [name, value] of Object.entries(malformed)) {
      it(`answers ${name} with 400 in Teams' error shape and sends the user nothing`, async () => {
        const { status, body } = await post({ ...execute, serviceUrl: connector.serviceUrl, value });
        assert.equal(status, 400);
        const error = body as { statusCode: number; type: string; value: { code: string; message: unknown } };
        assert.equal(error.statusCode, 400);
        assert.equal(error.type, 'application/vnd.microsoft.error');
        assert.equal(error.value.code, 'BadRequest');
        assert.equal(typeof error.value.message, 'string');
        // Not a failed turn: the adapter's apology would reach the connector.
        await assert.rejects(connector.next(user.conversationId, 1, { timeoutMs: 300 }), /expected 1 activities/);
      });
    }

    it('still answers a well-formed press (a verb no card has) with 200', async () => {
      const { status } = await post(cardExecuteActivity(user, connector.serviceUrl, 'task.cancel', {}));
      assert.equal(status, 200);
    });
  });

  describe('composeExtension/query with a malformed value', () => {
    const user = teamsUser('Patti Fernandez', 'en-US');
    const query = composeQueryActivity(user, '', '');
    const malformed: Record<string, unknown> = {
      'no value': undefined,
      'a null value': null,
      'a string value': 'renewal',
      'an array value': [{ commandId: 'searchFaq', parameters: [{ name: 'query', value: 'renewal' }] }],
      'empty parameters': { commandId: 'searchFaq', parameters: [] },
      'a parameter with no name': { commandId: 'searchFaq', parameters: [{ value: 'renewal' }] },
      'only an unknown parameter': { commandId: 'searchFaq', parameters: [{ name: 'q', value: 'renewal' }] },
      'a negative skip': {
        commandId: 'searchFaq',
        parameters: [{ name: 'query', value: 'x' }],
        queryOptions: { skip: -1 },
      },
      'a string count': {
        commandId: 'searchFaq',
        parameters: [{ name: 'query', value: 'x' }],
        queryOptions: { count: '5' },
      },
    };
    for (const [name, value] of Object.entries(malformed)) {
      it(`answers ${name} with 400 and sends the user nothing`, async () => {
        const { status } = await post({ ...query, serviceUrl: connector.serviceUrl, value });
        assert.equal(status, 400);
        await assert.rejects(connector.next(user.conversationId, 1, { timeoutMs: 300 }), /expected 1 activities/);
      });
    }

    it('answers a 100 KB query with a short "too long" message in the user’s language, not an echo', async () => {
      const en = await post(composeQueryActivity(user, connector.serviceUrl, englishText));
      assert.equal(en.status, 200);
      assert.deepEqual(en.body, { composeExtension: { type: 'message', text: strings.en.composeTooLong } });
      const fr = await post(composeQueryActivity(teamsUser('Adèle Vance', 'fr-FR'), connector.serviceUrl, frenchText));
      assert.deepEqual(fr.body, { composeExtension: { type: 'message', text: strings.fr.composeTooLong } });
    });
  });
});
