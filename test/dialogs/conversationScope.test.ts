import assert from 'node:assert/strict';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/mainDialog';
import {
  isGroupConversation,
  mentionsBot,
  personalChatUrl,
  textWithoutBotMention,
} from '../../dialogs/conversationScope';
import { isOwnersTurn, ownerOf } from '../../dialogs/taskOwner';
import { taskStrings } from '../../src/i18n';
import type { FaqEngine } from '../../src/knowledge/faqEngine';
import { InlineFaqSearch } from '../../src/knowledge/faqSearch';
import { AnswerService } from '../../src/services/answerService';
import { JsonlFeedbackStore } from '../../src/services/feedbackStore';
import { cardNodes, cardText } from '../support/cards';
import { realEngine, silentLogger, tempDir } from '../support/fixtures';

const bot = { id: '28:4a1b2c3d-0000-4000-8000-000000000001', name: 'Partner Benefits Assistant' };
const group = { id: '19:abc@thread.v2', conversationType: 'groupChat', isGroup: true };

const contextOf = (activity: Partial<Activity>): TurnContext =>
  new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'msteams',
    recipient: bot,
    from: { id: '29:megan', aadObjectId: 'aad-megan', name: 'Megan Bowen' },
    conversation: { id: 'a:1', conversationType: 'personal', isGroup: false, name: '' },
    ...activity,
  });
const botMention = { type: 'mention', text: `<at>${bot.name}</at>`, mentioned: bot };

describe('conversation scope: group chats, mentions, card owners', () => {
  it('tells group chats and channels from the 1:1 chat', () => {
    assert.equal(isGroupConversation(contextOf({})), false);
    assert.equal(isGroupConversation(contextOf({ conversation: { ...group, name: '' } })), true);
    const channel = { id: '19:x@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true, name: '' };
    assert.equal(isGroupConversation(contextOf({ conversation: channel })), true);
  });

  it("finds the bot's mention and strips it, keeping other people's names", () => {
    const text = `<at>${bot.name}</at> what did <at>Lee Gu</at> ask about renewals?`;
    const leeMention = { type: 'mention', text: '<at>Lee Gu</at>', mentioned: { id: '29:lee', name: 'Lee Gu' } };
    const context = contextOf({ text, entities: [botMention, leeMention] });
    assert.equal(mentionsBot(context), true);
    assert.equal(textWithoutBotMention(context), 'what did Lee Gu ask about renewals?');
    assert.equal(mentionsBot(contextOf({ text: 'what did <at>Lee Gu</at> ask?', entities: [leeMention] })), false);
  });

  it('links to the 1:1 chat with the configured app id, else Teams’ own id for the bot', () => {
    const context = contextOf({ recipient: { id: '28:from-teams', name: bot.name } });
    assert.equal(
      personalChatUrl(context, '4a1b2c3d-0000-4000-8000-000000000001'),
      'https://teams.microsoft.com/l/chat/0/0?users=28:4a1b2c3d-0000-4000-8000-000000000001',
    );
    assert.equal(personalChatUrl(context, undefined), 'https://teams.microsoft.com/l/chat/0/0?users=28:from-teams');
  });

  it('a task with an owner is theirs alone (Entra id first); state saved before owners were kept is anyone’s', () => {
    const owner = ownerOf({ owner: { id: 'aad-megan', name: 'Megan Bowen' }, taskId: 't' });
    assert.deepEqual(owner, { id: 'aad-megan', name: 'Megan Bowen' });
    assert.equal(isOwnersTurn(owner, contextOf({})), true);
    const lee = contextOf({ from: { id: '29:lee', aadObjectId: 'aad-lee', name: 'Lee Gu' } });
    assert.equal(isOwnersTurn(owner, lee), false);
    assert.equal(ownerOf({ taskId: 't' }), undefined);
    assert.equal(isOwnersTurn(ownerOf({ taskId: 't' }), lee), true);
  });

  describe('MainDialog in a group chat', () => {
    let engine: FaqEngine;
    let data: Awaited<ReturnType<typeof tempDir>>;
    let feedback: JsonlFeedbackStore;
    before(async () => {
      engine = await realEngine();
      data = await tempDir();
      feedback = new JsonlFeedbackStore(data.dir);
    });
    after(async () => {
      await feedback.close();
      await data.remove();
    });

    it('answers a task command with the link to the 1:1 chat for the configured app id', async () => {
      const answers = new AnswerService({
        search: new InlineFaqSearch(engine),
        feedback,
        generative: undefined,
        logger: silentLogger,
      });
      const dialog = new MainDialog({
        engine,
        answers,
        feedback,
        logger: silentLogger,
        tasks: [],
        botAppId: '4a1b2c3d-0000-4000-8000-000000000001',
      });
      const client = new DialogTestClient('msteams', dialog);
      const reply = (await client.sendActivity({
        type: 'message',
        text: 'renewal dates',
        locale: 'en-US',
        conversation: { ...group, name: '' },
      })) as Partial<Activity> | undefined;
      const card: unknown = reply?.attachments?.[0]?.content;
      const s = taskStrings.en;
      assert.ok(cardText(card).includes(s.groupTaskRedirect(s.taskTitles['renewal-dates'])), cardText(card));
      assert.deepEqual(
        cardNodes(card)
          .filter((n) => n.type === 'Action.OpenUrl')
          .map((n) => n.url),
        ['https://teams.microsoft.com/l/chat/0/0?users=28:4a1b2c3d-0000-4000-8000-000000000001'],
      );
      assert.equal(client.dialogTurnResult.status, 'complete', 'no task was begun');
    });
  });
});
