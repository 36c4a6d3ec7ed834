import assert from 'node:assert/strict';
import { configSecrets, createLogger } from '../../src/logger';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import {
  cardExecuteActivity,
  composeQueryActivity,
  messageActivity,
  postActivity,
  postInvoke,
  type TeamsUser,
} from '../../scripts/support/teamsClient';
import {
  startBotFrameworkStandIn,
  TEST_BOT_APP_ID,
  type BadKind,
  type BotFrameworkStandIn,
} from '../support/botFrameworkKeys';
import { action, cardText, invokeCard, itemsMatching, receivedCard, type Json } from '../support/cards';
import { FakeOpenAi } from '../support/fakeOpenAi';
import { demoTeamsUser, logCapture, startTestApp, testConfig, type RunningApp } from '../support/fixtures';

/*
 * §4 of issue 17: the logs of a full run, at debug level, carry no secret and no e-mail address. The run has
 * refused tokens of every kind and a valid one (an app with MicrosoftAppId against a Bot Framework stand-in), a
 * guided task that looks a user up by e-mail address, and generated answers to questions holding an e-mail
 * address and a token (an app with a model key against a fake OpenAI server). Both apps log through the product's
 * own createLogger, given the configuration's secrets as src/index.ts does.
 */

const APP_PASSWORD = 'bot-app-password-e2e-7f3a';
const MODEL_KEY = 'sk-logscan-0123456789abcdef';
const PATTI_MAIL = 'pattif@contoso.onmicrosoft.com';
const ASKER_MAIL = 'megan.bowen@contoso.com';
const anyMail = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;

describe('e2e: the logs of a full run hold no secret and no e-mail address', function () {
  this.timeout(120_000);

  const { lines, stream: sink } = logCapture();
  /** Every token a request carried, valid or not. */
  const tokens: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let keys: BotFrameworkStandIn;
  let connector: FakeConnector;
  let model: FakeOpenAi;
  let modelUrl: string;

  const start = async (env: NodeJS.ProcessEnv): Promise<RunningApp> => {
    const config = testConfig({ LOG_LEVEL: 'debug', ...env });
    const logger = createLogger(config.logLevel, { secrets: configSecrets(config), destination: sink });
    const running = await startTestApp({ LOG_LEVEL: 'debug', ...env }, { logger });
    cleanups.push(() => running.close());
    return running;
  };

  before(async () => {
    keys = await startBotFrameworkStandIn();
    connector = await startFakeConnector();
    model = new FakeOpenAi();
    modelUrl = await model.start();
    // Replies cite their source, and echo what they were sent, as a leaky model would.
    model.behaviour = {
      kind: 'reply',
      content: (req) => `The renewal window opens after the anniversary [1]. ${JSON.stringify(req.body).slice(0, 200)}`,
    };
    cleanups.push(
      () => keys.close(),
      () => connector.close(),
      () => model.stop(),
    );
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('refuses bad tokens, runs a valid one, a guided task and generated answers', async () => {
    const authed = await start({
      MicrosoftAppId: TEST_BOT_APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      ToBotFromChannelOpenIdMetadataUrl: keys.metadataUrl,
    });
    const megan: TeamsUser = demoTeamsUser('Megan Bowen');
    const post = async (body: unknown, authorization?: string): Promise<number> => {
      const res = await fetch(authed.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      return res.status;
    };
    const query = composeQueryActivity(megan, connector.serviceUrl, `renewal ${ASKER_MAIL}`);
    const bad: readonly BadKind[] = ['foreignKey', 'unknownKid', 'algNone', 'expired', 'wrongAudience', 'wrongIssuer'];
    for (const kind of bad) {
      const token = await keys.sign({ serviceUrl: connector.serviceUrl, bad: kind });
      tokens.push(token);
      assert.equal(await post(query, `Bearer ${token}`), 401, kind);
    }
    assert.equal(await post(query, `Basic ${Buffer.from(`admin:${APP_PASSWORD}`).toString('base64')}`), 401);
    const valid = await keys.sign({ serviceUrl: connector.serviceUrl });
    tokens.push(valid);
    assert.equal(await post(query, `Bearer ${valid}`), 200);

    const open = await start({ OPENAI_API_KEY: MODEL_KEY, OPENAI_BASE_URL: `${modelUrl}/v1` });
    const alex = demoTeamsUser('Alex Wilber');
    const say = async (user: TeamsUser, text: string): Promise<Json> => {
      assert.equal(await postActivity(open.url, messageActivity(user, connector.serviceUrl, text)), 200);
      const [reply] = await connector.next(user.conversationId, 1, { timeoutMs: 20_000 });
      return receivedCard(reply);
    };
    const press = async (button: { verb: string; data: Json }, inputs: Json = {}): Promise<Json> => {
      const activity = cardExecuteActivity(alex, connector.serviceUrl, button.verb, { ...button.data, ...inputs });
      const { status, body } = await postInvoke(open.url, activity);
      assert.equal(status, 200);
      return invokeCard(body);
    };
    const seats = await say(alex, 'assign Visual Studio');
    const free = itemsMatching(seats, /Assigned to: Free/)[0];
    assert.ok(free, cardText(seats));
    const search = await press(action(free, 'assign.seat'));
    const results = await press(action(search, 'assign.search'), { query: PATTI_MAIL });
    const [patti] = itemsMatching(results, /Patti Fernandez/);
    assert.ok(patti, cardText(results));
    const done = await press(action(await press(action(patti, 'assign.user')), 'assign.confirm'));
    assert.match(cardText(done), /assigned to Patti Fernandez/);

    const asker = demoTeamsUser('Megan Bowen');
    await say(asker, `When does the renewal window open? Write to me at ${ASKER_MAIL}`);
    await say(asker, `When does the renewal window open? My token is Bearer ${valid}`);
    assert.ok(model.requests.length >= 2, 'the model was asked');
    // A proxy that refuses the key and quotes it, and the question, back in its error (the failure is logged).
    model.behaviour = {
      kind: 'raw',
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({
        error: { message: `Incorrect API key provided: ${MODEL_KEY} for ${ASKER_MAIL}`, type: 'invalid_request_error' },
      }),
    };
    await say(asker, 'When does the renewal window open?');
    assert.ok(
      lines.some((l) => l.includes('Incorrect API key provided')),
      'the failure was logged',
    );

    const secrets = [APP_PASSWORD, MODEL_KEY, ...configSecrets(authed.config), ...configSecrets(open.config)];
    assert.ok(lines.length > 20, `a full run logs: ${lines.length} lines`);
    for (const line of lines) {
      for (const secret of [...secrets, ...tokens]) assert.ok(!line.includes(secret), `a secret in: ${line}`);
      assert.doesNotMatch(line, anyMail, 'an e-mail address');
      assert.doesNotMatch(line, /Bearer\s+ey|eyJ[\w-]{8,}\.[\w-]{8,}\./, 'a token');
    }
    // The scan read what it had to: the refusals and the turns were logged.
    assert.ok(lines.filter((l) => l.includes('"msg":"request refused"')).length >= bad.length);
    assert.ok(lines.some((l) => l.includes('"msg":"faq turn"')));
  });
});
