import assert from 'node:assert/strict';
import { startFakeConnector, type FakeConnector, type ReceivedActivity } from '../../scripts/support/fakeConnector';
import { messageActivity, postActivity, teamsUser, type TeamsUser } from '../../scripts/support/teamsClient';
import { cardNodes, type Json } from '../support/cards';
import { FakeOpenAi } from '../support/fakeOpenAi';
import { startTestApp, type RunningApp } from '../support/fixtures';

/*
 * Teams conventions (issue 16 §5), checked on what the Bot Connector receives, after the SDK has
 * serialized each activity: greetings and help in any case, a typing indicator before a slow answer and
 * none left hanging, at most 6 actions on a card, and the "AI generated" label with its citations.
 */

const start = (env: NodeJS.ProcessEnv = {}): Promise<RunningApp> => startTestApp(env, { jobIntervalMs: 60_000 });

/** Sends a message and returns everything the connector received for it, typing indicators included. */
async function ask(
  run: RunningApp,
  connector: FakeConnector,
  user: TeamsUser,
  text: string,
): Promise<ReceivedActivity[]> {
  assert.equal(await postActivity(run.url, messageActivity(user, connector.serviceUrl, text)), 200);
  const [first] = await connector.next(user.conversationId, 1, { includeTyping: true, timeoutMs: 20_000 });
  assert.ok(first);
  if (first.activity.type !== 'typing') return [first];
  const [reply] = await connector.next(user.conversationId, 1, { timeoutMs: 20_000 });
  assert.ok(reply);
  return [first, reply];
}

const card = (received: ReceivedActivity): Json => {
  const content = received.activity.attachments?.[0]?.content as Json | undefined;
  assert.ok(content, `a card: ${JSON.stringify(received.activity).slice(0, 300)}`);
  return content;
};

/** The most actions the user sees at once: a card's own actions, or those of any container's action set. */
function mostActions(content: Json): number {
  const counts = cardNodes(content).flatMap((node) => {
    const actions = (node as { actions?: unknown }).actions;
    return Array.isArray(actions) ? [actions.length] : [];
  });
  return Math.max(0, ...counts);
}

describe('e2e: Teams conventions on the wire', function () {
  this.timeout(120_000);
  let connector: FakeConnector;

  before(async () => {
    connector = await startFakeConnector();
  });
  after(() => connector.close());

  describe('offline answers', () => {
    let run: RunningApp;
    before(async () => {
      run = await start();
    });
    after(() => run.close());

    it('answers hi, hello and help in any case, in English and French, with no typing left hanging', async () => {
      const greetings = ['hi', 'Hello', 'HELP', 'hElP', 'Bonjour', 'AIDE'];
      for (const [i, text] of greetings.entries()) {
        const user = teamsUser(`Conventions ${i}`, /^(Bonjour|AIDE)$/.test(text) ? 'fr-FR' : 'en-US');
        const received = await ask(run, connector, user, text);
        // Offline answers are fast: no typing indicator at all, so none can be left without a reply after it.
        assert.deepEqual(
          received.map((r) => r.activity.type),
          ['message'],
          text,
        );
        assert.ok(mostActions(card(received[0] as ReceivedActivity)) > 0, `${text} gets a card with actions`);
      }
    });

    it('never shows more than 6 actions on a card (answers, help, no answer, did you mean)', async () => {
      const user = teamsUser('Conventions actions', 'en-US');
      for (const text of ['help', 'hi', 'When is my renewal window?', 'zzzz qqqq', 'visual studio']) {
        const [reply] = await ask(run, connector, user, text);
        assert.ok(reply);
        assert.ok(mostActions(card(reply)) <= 6, `${text}: ${mostActions(card(reply))} actions`);
      }
    });
  });

  describe('generated answers', () => {
    let run: RunningApp;
    const model = new FakeOpenAi();
    before(async () => {
      const base = await model.start();
      model.behaviour = {
        kind: 'reply',
        content: () => 'The renewal period opens the day after your anniversary and lasts 30 days [1].',
        delayMs: 200,
      };
      run = await start({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${base}/v1` });
    });
    after(async () => {
      await run.close();
      await model.stop();
    });

    it('shows typing first, then the answer with the AI-generated label and its citations as sent', async () => {
      const user = teamsUser('Conventions AI', 'en-US');
      const received = await ask(run, connector, user, 'When does the renewal window open?');
      assert.deepEqual(
        received.map((r) => r.activity.type),
        ['typing', 'message'],
      );
      const reply = received[1] as ReceivedActivity;
      const entity = reply.activity.entities?.find((e) => e.type === 'https://schema.org/Message') as
        (Json & { citation?: Json[] }) | undefined;
      assert.ok(entity, `an AI message entity on the wire: ${JSON.stringify(reply.activity.entities)}`);
      assert.deepEqual(entity.additionalType, ['AIGeneratedContent']);
      assert.equal(entity['@type'], 'Message');
      const [citation] = entity.citation ?? [];
      assert.ok(citation, 'a citation');
      assert.equal(citation.position, 1);
      const appearance = citation.appearance as Json;
      assert.match(String(appearance.url), /^https:\/\/learn\.microsoft\.com\//);
      assert.ok(String(appearance.name).length > 0);
    });
  });
});
