import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { TurnContext } from 'botbuilder';
import { createApp, type App } from '../../src/app';
import { strings, taskStrings } from '../../src/i18n';
import type { TaskId } from '../../src/knowledge/schema';
import { action, cardNodes, cardText, itemsMatching, type Json, receivedCard } from '../support/cards';
import { startFakeConnector, type FakeConnector, type ReceivedActivity } from '../../scripts/support/fakeConnector';
import { silentLogger, testConfig, listenOnLoopback, demoTeamsUser } from '../support/fixtures';
import {
  botAccount,
  cardExecuteActivity,
  cardSubmitActivity,
  inGroup,
  installActivity,
  membersRemovedActivity,
  mentionActivity,
  messageActivity,
  postActivity,
  postInvoke,
  teamsUser,
  type TeamsActivity,
  type TeamsUser,
} from '../../scripts/support/teamsClient';

/* Group chats and channels (issue 16, §2; §5 "welcome sent once per install"), over HTTP as Teams sends them. */

const groupId = (): string => `19:${randomUUID().replace(/-/g, '')}@thread.v2`;
const personalChatLink = `https://teams.microsoft.com/l/chat/0/0?users=${botAccount.id}`;

describe('e2e: group chats and channels', function () {
  this.timeout(90_000);

  let connector: FakeConnector;
  let dataDir: string;
  let app: App | undefined;
  let messagesUrl = '';

  before(async () => {
    connector = await startFakeConnector();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pba-group-'));
    const config = testConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ACTIVATION_DELAY_SECONDS: '0' });
    app = await createApp(config, { logger: silentLogger, jobIntervalMs: 60_000 });
    messagesUrl = await listenOnLoopback(app.server);
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Posts an activity; the turn has ended (its replies have reached the connector) when the POST is answered. */
  const post = async (activity: TeamsActivity): Promise<void> => {
    const status = await postActivity(messagesUrl, activity);
    assert.ok(status === 200 || status === 201, `POST /api/messages answered ${status}`);
  };
  /** The one reply to an activity, threaded to it in its conversation. */
  const replyTo = async (user: TeamsUser, activity: TeamsActivity): Promise<ReceivedActivity> => {
    await post(activity);
    const [reply] = await connector.next(user.conversationId, 1);
    assert.ok(reply);
    assert.equal(reply.conversationId, user.conversationId, 'in the same conversation (a channel: the same thread)');
    assert.equal(reply.operation, 'reply');
    assert.equal(reply.urlActivityId, activity.id);
    assert.equal(reply.activity.replyToId, activity.id);
    return reply;
  };
  const assertNoReply = async (user: TeamsUser): Promise<void> => {
    await assert.rejects(connector.next(user.conversationId, 1, { timeoutMs: 150 }), /expected 1 activities/);
  };
  const mention = (user: TeamsUser, text: string): Promise<ReceivedActivity> =>
    replyTo(user, mentionActivity(user, connector.serviceUrl, text));

  /**
   * The conversation's stored dialog state, as JSON (to show a turn changed nothing). botbuilder-dialogs adds an
   * empty child stack ("dialogs") to a task's instance on a later turn; it holds nothing, so it is left out.
   */
  const storedState = async (user: TeamsUser): Promise<string> => {
    assert.ok(app);
    const context = new TurnContext(app.adapter, messageActivity(user, connector.serviceUrl, ''));
    const emptyStack = (key: string, value: unknown): boolean =>
      key === 'dialogs' && JSON.stringify(value) === '{"dialogStack":[]}';
    return JSON.stringify((await app.dialogState.accessor.get(context)) ?? null, (key, value: unknown) =>
      emptyStack(key, value) ? undefined : value,
    );
  };
  const taskOpen = async (user: TeamsUser): Promise<boolean> => {
    assert.ok(app);
    return app.dialogState.hasActiveDialog(
      new TurnContext(app.adapter, messageActivity(user, connector.serviceUrl, '')),
    );
  };

  describe('the bot answers only when @mentioned', () => {
    const megan = inGroup(teamsUser('Megan Bowen', 'en-US'), groupId());
    const lucie = inGroup(teamsUser('Lucie Martin', 'fr-FR'), megan.conversationId);

    it('stays quiet when people talk to each other, and answers a mention in the thread', async () => {
      await post(messageActivity(megan, connector.serviceUrl, 'When can I renew my Action Pack?'));
      await assertNoReply(megan);

      const answer = receivedCard(await mention(megan, 'When can I renew my Action Pack?'));
      assert.match(cardText(answer), /renew/i);
    });

    it('strips the mention before understanding the text: "@bot hi" is a greeting, in English and French', async () => {
      const welcome = receivedCard(await mention(megan, 'hi'));
      assert.ok(cardText(welcome).includes(strings.en.welcomeIntro), cardText(welcome));

      const bienvenue = receivedCard(await mention(lucie, 'bonjour'));
      assert.ok(cardText(bienvenue).includes(strings.fr.welcomeIntro), cardText(bienvenue));
    });

    it('answers in a channel thread: the reply goes to the thread the question was asked in', async () => {
      const thread = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2;messageid=1700000000000`;
      const alexInChannel = inGroup(teamsUser('Alex Wilber', 'en-US'), thread, 'channel');
      const answer = receivedCard(await mention(alexInChannel, 'Where is my Access ID?'));
      assert.match(cardText(answer), /Access ID/);
    });

    it('takes a card button press without a mention (Action.Submit)', async () => {
      const answer = receivedCard(await mention(megan, 'When can I renew my Action Pack?'));
      const yes = cardNodes(answer).find(
        (n) => typeof n.data === 'object' && n.data !== null && (n.data as Json).verb === 'faq.feedback',
      );
      assert.ok(yes, cardText(answer));
      const thanks = await replyTo(megan, cardSubmitActivity(megan, connector.serviceUrl, yes.data as Json));
      assert.ok(
        [strings.en.thanksUp, strings.en.thanksDown].includes(String(thanks.activity.text)),
        thanks.activity.text,
      );
    });
  });

  describe('guided tasks stay in the 1:1 chat', () => {
    const alex = inGroup(demoTeamsUser('Alex Wilber'), groupId());
    const alexFr = inGroup(demoTeamsUser('Alex Wilber', 'fr-FR'), alex.conversationId);

    const assertRedirect = (card: Json, language: 'en' | 'fr', task: TaskId): void => {
      const s = taskStrings[language];
      assert.ok(cardText(card).includes(s.groupTaskRedirect(s.taskTitles[task])), cardText(card));
      const links = cardNodes(card).filter((n) => n.type === 'Action.OpenUrl');
      assert.deepEqual(
        links.map((l) => [l.title, l.url]),
        [[s.openPersonalChat, personalChatLink]],
      );
      assert.deepEqual(
        cardNodes(card).filter((n) => n.type === 'Action.Execute' || n.type === 'Action.Submit'),
        [],
        'nothing on it drives a task',
      );
    };

    it('a typed task command gets a link to the personal chat, and no task starts (English, French)', async () => {
      assertRedirect(
        receivedCard(await mention(alex, 'activate technical benefits')),
        'en',
        'activate-technical-benefit',
      );
      assert.equal(await taskOpen(alex), false);
      assertRedirect(receivedCard(await mention(alexFr, 'attribuer Visual Studio')), 'fr', 'assign-visual-studio');
      assert.equal(await taskOpen(alex), false);
    });

    it('a task.start button on a group card gets the same link, and no task starts', async () => {
      const help = receivedCard(await mention(alex, 'help'));
      const start = cardNodes(help).find(
        (n) => n.type === 'Action.Submit' && (n.data as Json | undefined)?.verb === 'task.start',
      );
      assert.ok(start, cardText(help));
      const data = start.data as Json;
      const reply = await replyTo(alex, cardSubmitActivity(alex, connector.serviceUrl, data));
      assertRedirect(receivedCard(reply), 'en', data.task as 'renewal-dates');
      assert.equal(await taskOpen(alex), false);
    });
  });

  describe('a task card belongs to the person who opened it', () => {
    const alex = demoTeamsUser('Alex Wilber');
    const group = groupId();
    const alexInGroup = inGroup(alex, group);
    const adele = inGroup(demoTeamsUser('Adele Vance'), group);
    const adeleFr = inGroup(demoTeamsUser('Adele Vance', 'fr-FR'), group);

    /**
     * A group chat holding Alex's open task, as groups did before tasks moved to the 1:1 chat: Alex's task
     * state, written under the group conversation.
     */
    const openAlexsTaskInGroup = async (): Promise<Json> => {
      assert.ok(app);
      await post(messageActivity(alex, connector.serviceUrl, 'activate technical benefits'));
      const [listed] = await connector.next(alex.conversationId, 1);
      const own = new TurnContext(app.adapter, messageActivity(alex, connector.serviceUrl, ''));
      const state = await app.dialogState.accessor.get(own);
      assert.ok(state);
      const shared = new TurnContext(app.adapter, messageActivity(alexInGroup, connector.serviceUrl, ''));
      await app.dialogState.accessor.set(shared, structuredClone(state));
      await app.dialogState.save(shared);
      return receivedCard(listed);
    };
    const press = async (user: TeamsUser, button: { verb: string; data: Json }): Promise<Json> => {
      const { status, body } = await postInvoke(
        messagesUrl,
        cardExecuteActivity(user, connector.serviceUrl, button.verb, button.data),
      );
      assert.equal(status, 200);
      return body as Json;
    };

    it("Adele's presses on Alex's card change nothing; she is told whose it is; Alex then goes on", async () => {
      const list = await openAlexsTaskInGroup();
      const [presales] = itemsMatching(list, /Technical presales and deployment services — Microsoft Action Pack/);
      assert.ok(presales, cardText(list));
      const choose = action(presales, 'activate.choose');
      const before = await storedState(alexInGroup);
      assert.match(before, /"owner":\{"id":"[^"]+","name":"Alex Wilber"\}/);

      // Action.Execute: the invoke response is a message for Adele alone; the card stays as it is for everyone.
      assert.deepEqual(await press(adele, choose), {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: taskStrings.en.notYourCard('Alex Wilber'),
      });
      assert.deepEqual(await press(adeleFr, action(list, 'task.cancel')), {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: taskStrings.fr.notYourCard('Alex Wilber'),
      });
      await assertNoReply(adele);
      assert.equal(await storedState(alexInGroup), before, 'the task state is unchanged');

      // Action.Submit (older clients): a reply that mentions her, and still no change.
      const notice = await replyTo(adele, cardSubmitActivity(adele, connector.serviceUrl, choose.data));
      assert.equal(notice.activity.text, `<at>Adele Vance</at> ${taskStrings.en.notYourCard('Alex Wilber')}`);
      assert.deepEqual(notice.activity.entities, [
        { type: 'mention', text: '<at>Adele Vance</at>', mentioned: { id: adele.id, name: 'Adele Vance' } },
      ]);
      assert.equal(await storedState(alexInGroup), before);

      // Typing "cancel" at the bot does not close someone else's task either.
      await mention(adele, 'cancel');
      assert.equal(await storedState(alexInGroup), before);

      // Alex continues where he was: step 2, then the benefit is activated.
      const confirm = await press(alexInGroup, choose);
      assert.equal(confirm.type, 'application/vnd.microsoft.card.adaptive');
      assert.match(cardText(confirm.value), /Step 2 of 2/);
      const done = await press(alexInGroup, action(confirm.value, 'activate.confirm'));
      assert.match(cardText(done.value), /now active/);
      assert.equal(await taskOpen(alexInGroup), false);
    });
  });

  describe('welcome', () => {
    it('in a group chat: one message mentioning who added the bot, not one per member (English, French)', async () => {
      for (const [name, locale, language] of [
        ['Megan Bowen', 'en-US', 'en'],
        ['Lucie Martin', 'fr-FR', 'fr'],
      ] as const) {
        const adder = inGroup(teamsUser(name, locale), groupId());
        const others = [teamsUser('Patti Fernandez', locale), teamsUser('Lee Gu', locale)];
        const install = installActivity(adder, connector.serviceUrl);
        const members = [{ id: botAccount.id }, ...others.map((o) => ({ id: o.id, name: o.name }))];
        const welcome = await replyTo(adder, { ...install, membersAdded: members });
        assert.equal(welcome.activity.text, strings[language].groupWelcome(`<at>${name}</at>`));
        assert.deepEqual(welcome.activity.entities, [
          { type: 'mention', text: `<at>${name}</at>`, mentioned: { id: adder.id, name } },
        ]);
        assert.ok(!welcome.activity.attachments?.length, 'no card');
        await assertNoReply(adder);

        // People joining later are not greeted.
        await post({ ...install, id: `f:${randomUUID()}`, membersAdded: [{ id: '29:someone-new' }] });
        await assertNoReply(adder);
      }
    });

    it('once per install: a second membersAdded for the bot does not welcome again; a reinstall does', async () => {
      const user = teamsUser('Isaiah Langer', 'en-US');
      const first = await replyTo(user, installActivity(user, connector.serviceUrl));
      assert.ok(cardText(receivedCard(first)).includes(strings.en.welcomeIntro), 'the 1:1 welcome card');

      await post(installActivity(user, connector.serviceUrl));
      await assertNoReply(user);

      const team = inGroup(teamsUser('Nestor Wilke', 'en-US'), groupId(), 'channel');
      await replyTo(team, installActivity(team, connector.serviceUrl));
      await post(installActivity(team, connector.serviceUrl));
      await assertNoReply(team);

      await post(membersRemovedActivity(user, connector.serviceUrl, [botAccount.id]));
      await assertNoReply(user);
      const again = await replyTo(user, installActivity(user, connector.serviceUrl));
      assert.ok(cardText(receivedCard(again)).includes(strings.en.welcomeIntro));
    });
  });
});
