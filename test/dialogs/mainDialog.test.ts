import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/mainDialog';
import type { FaqEngine } from '../../src/knowledge/faqEngine';
import { strings } from '../../src/i18n';
import { InlineFaqSearch } from '../../src/knowledge/faqSearch';
import { AnswerService } from '../../src/services/answerService';
import { JsonlFeedbackStore } from '../../src/services/feedbackStore';
import { realEngine, silentLogger, tempDir } from '../support/fixtures';

type Expect = (reply: Partial<Activity>) => void;

/** The first TextBlock of the reply's Adaptive Card: its title. */
function cardTitle(reply: Partial<Activity>): string {
  const card = reply.attachments?.[0]?.content as { body?: { type: string; text?: string }[] } | undefined;
  return card?.body?.find((b) => b.type === 'TextBlock')?.text ?? '';
}
const cardJson = (reply: Partial<Activity>): string => JSON.stringify(reply.attachments?.[0]?.content ?? {});
const titled =
  (title: string | RegExp): Expect =>
  (reply) =>
    assert.match(cardTitle(reply), typeof title === 'string' ? new RegExp(`^${title}$`) : title);
const texted =
  (text: RegExp): Expect =>
  (reply) =>
    assert.match(reply.text ?? '', text);

interface Case {
  readonly name: string;
  readonly send: string | Partial<Activity>;
  readonly locale?: string;
  readonly expect: readonly Expect[];
}

describe('MainDialog (DialogTestClient)', () => {
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

  const client = (): DialogTestClient =>
    new DialogTestClient(
      'msteams',
      new MainDialog({
        engine,
        answers: new AnswerService({
          search: new InlineFaqSearch(engine),
          feedback,
          generative: undefined,
          logger: silentLogger,
        }),
        feedback,
        logger: silentLogger,
        tasks: [],
      }),
    );
  const title = (id: string, lang: 'en' | 'fr'): string => {
    const entry = engine.index.get(id);
    assert.ok(entry, id);
    return entry[lang].title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  };

  const cases: readonly Case[] = [
    { name: '"help" shows what the bot can do', send: 'help', expect: [titled('What I can do')] },
    { name: '"aide" shows the French help', send: 'aide', expect: [titled('Ce que je sais faire')] },
    { name: 'a greeting gets the welcome card', send: 'hello', expect: [titled('Partner Benefits Assistant')] },
    { name: '"bonjour" gets the French welcome', send: 'bonjour', expect: [titled('Assistant avantages partenaires')] },
    {
      name: 'an English question gets the answer card with source and feedback buttons',
      send: 'how do I reassign a visual studio subscription',
      expect: [
        (r) => titled(title('vs-reassign', 'en'))(r),
        (r) => assert.match(cardJson(r), /"Action.OpenUrl".*"url":"https:\/\/learn\.microsoft\.com\//),
        (r) => assert.match(cardJson(r), /"verb":"faq.feedback","vote":"up"/),
      ],
    },
    {
      name: 'a French question from a French client is answered in French',
      send: 'comment attribuer un abonnement visual studio',
      locale: 'fr-FR',
      expect: [(r) => titled(title('vs-assign', 'fr'))(r)],
    },
    {
      name: 'an English question from a French client is answered in English',
      send: 'where can I find the access id and contract id for technical benefits',
      locale: 'fr-FR',
      expect: [(r) => titled(title('access-contract-id', 'en'))(r)],
    },
    {
      name: 'an out-of-scope question is declined plainly',
      send: "what's the weather in paris tomorrow",
      expect: [titled("I don't have an answer for that")],
    },
    {
      name: 'a follow-up button opens that entry',
      send: { value: { verb: 'faq.open', entryId: 'benefit-expiry', lang: 'fr' } },
      expect: [(r) => titled(title('benefit-expiry', 'fr'))(r)],
    },
    {
      name: 'an example button asks its question',
      send: { value: { verb: 'faq.ask', text: 'When can I renew my Action Pack?', lang: 'en' } },
      expect: [(r) => titled(title('renewal-window', 'en'))(r)],
    },
    {
      name: 'the help button shows help',
      send: { value: { verb: 'help', lang: 'fr' } },
      expect: [titled('Ce que je sais faire')],
    },
    {
      name: 'a thumbs up is thanked',
      send: { value: { verb: 'faq.feedback', vote: 'up', entryId: 'vs-assign', lang: 'en' } },
      expect: [texted(/Thanks for the feedback/)],
    },
    {
      name: '"None of these" is acknowledged',
      send: { value: { verb: 'faq.noneOfThese', question: 'x', lang: 'fr', candidates: ['vs-assign'] } },
      expect: [texted(/aucune réponse ne convenait/)],
    },
    {
      name: 'a stale or forged button gets help, not an error',
      send: { value: { verb: 'faq.delete', entryId: 'x' } },
      expect: [texted(/no longer valid/)],
    },
    {
      name: 'a button for an entry that no longer exists gets help',
      send: { value: { verb: 'faq.open', entryId: 'gone', lang: 'en' } },
      expect: [texted(/no longer valid/)],
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const activity: Partial<Activity> =
        typeof c.send === 'string' ? { type: 'message', text: c.send } : Object.assign({ type: 'message' }, c.send);
      if (c.locale) activity.locale = c.locale;
      // DialogTestClient types its reply as any.
      const reply = (await client().sendActivity(activity)) as Partial<Activity>;
      assert.ok(reply, 'the bot always answers');
      c.expect.forEach((check) => check(reply));
    });
  }

  it('records a thumbs down with its question for kb:report', async () => {
    await client().sendActivity({
      type: 'message',
      value: { verb: 'faq.feedback', vote: 'down', entryId: 'renewal-window', lang: 'en', question: 'renew when' },
    });
    const lines = (await readFile(path.join(data.dir, 'feedback.jsonl'), 'utf8')).trim().split('\n');
    const last = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
    assert.equal(last['entryId'], 'renewal-window');
    assert.equal(last['vote'], 'down');
    assert.equal(last['question'], 'renew when');
  });

  it('thanks every click on a card\'s Yes / No and "None of these" but records each card once', async () => {
    const lines = async (file: string): Promise<string[]> => {
      await feedback.flush();
      return (await readFile(path.join(data.dir, file), 'utf8').catch(() => ''))
        .split('\n')
        .filter((l) => l.includes('card-twice'));
    };
    const bot = client();
    const vote = {
      verb: 'faq.feedback',
      vote: 'up',
      entryId: 'renewal-window',
      lang: 'en',
      question: 'renew when',
      cardId: 'card-twice-1',
    };
    const thanks = [
      await bot.sendActivity({ type: 'message', value: vote }),
      await bot.sendActivity({ type: 'message', value: { ...vote, vote: 'down' } }),
    ];
    assert.deepEqual(
      thanks.map((r) => (r as Partial<Activity>).text),
      [strings.en.thanksUp, strings.en.thanksDown],
    );
    assert.equal((await lines('feedback.jsonl')).length, 1);
    const none = {
      verb: 'faq.noneOfThese',
      question: 'q',
      lang: 'fr',
      candidates: ['vs-assign'],
      cardId: 'card-twice-2',
    };
    for (let i = 0; i < 2; i += 1)
      assert.equal(
        ((await bot.sendActivity({ type: 'message', value: none })) as Partial<Activity>).text,
        strings.fr.noneOfTheseReply,
      );
    assert.equal((await lines('unanswered.jsonl')).length, 1);
  });

  it('records the questions it could not answer', async () => {
    await client().sendActivity("what's Microsoft's stock price today");
    await feedback.flush();
    const text = await readFile(path.join(data.dir, 'unanswered.jsonl'), 'utf8');
    assert.match(text, /stock price/);
  });
});
