import assert from 'node:assert/strict';
import { cardActionSchema } from '../../cards/actions';
import { answerCard } from '../../cards/answerCard';
import { didYouMeanCard, noAnswerCard } from '../../cards/choicesCard';
import type { CardAttachment } from '../../cards/render';
import { taskCard } from '../../cards/taskCard';
import { welcomeCard } from '../../cards/welcomeCard';
import { taskStartSchema } from '../../dialogs/taskAction';
import type { FaqEngine } from '../../src/knowledge/faqEngine';
import { strings } from '../../src/i18n';
import { languages, type KnowledgeEntry, type Language } from '../../src/knowledge/schema';
import { realEngine } from '../support/fixtures';

/** Every Action.Submit payload in a card, wherever it is nested. */
function submitData(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((n) => submitData(n, out));
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (obj['type'] === 'Action.Submit') out.push(obj['data']);
    Object.values(obj).forEach((v) => submitData(v, out));
  }
  return out;
}

describe('cards', () => {
  let engine: FaqEngine;
  before(async () => {
    engine = await realEngine();
  });

  const all = (): [string, CardAttachment][] =>
    languages.flatMap((lang) => {
      const [a, b, c] = engine.index.entries;
      assert.ok(a && b && c);
      return [
        [`welcome ${lang}`, welcomeCard(lang, 'welcome')],
        [`help ${lang}`, welcomeCard(lang, 'help')],
        [`answer ${lang}`, answerCard({ entry: a, language: lang, question: 'q "quoted" ${x}', followUps: [b, c] })],
        [
          `generated answer ${lang}`,
          answerCard({
            entry: a,
            language: lang,
            question: 'q',
            followUps: [],
            generated: { text: 'x [2]', citations: [{ n: 2, entry: b }] },
          }),
        ],
        [`did you mean ${lang}`, didYouMeanCard(lang, 'q', [a, b, c])],
        [`no answer ${lang}`, noAnswerCard(lang, [a, b])],
      ] as [string, CardAttachment][];
    });

  it('are Adaptive Cards 1.5 at most, as Teams requires, with every template field filled', () => {
    for (const [name, card] of all()) {
      assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive', name);
      assert.equal(card.content['type'], 'AdaptiveCard', name);
      assert.ok(Number(card.content['version']) <= 1.5, name);
      const json = JSON.stringify(card.content);
      assert.doesNotMatch(
        json.replaceAll('q \\"quoted\\" ${x}', ''),
        /\$\{|\$when|\$data/,
        `${name} has an unexpanded template expression`,
      );
    }
  });

  it('submit only payloads the bot accepts', () => {
    for (const [name, card] of all()) {
      const payloads = submitData(card.content);
      assert.ok(payloads.length > 0, name);
      for (const data of payloads)
        assert.ok(cardActionSchema.or(taskStartSchema).safeParse(data).success, `${name}: ${JSON.stringify(data)}`);
    }
  });

  it('hide the details until asked and link the source', () => {
    const entry = engine.index.get('vs-reassign');
    assert.ok(entry);
    const card = answerCard({ entry, language: 'fr', question: 'q', followUps: [] }).content;
    const json = JSON.stringify(card);
    assert.match(json, /"id":"details","isVisible":false/);
    assert.match(json, /"Action.ToggleVisibility"/);
    assert.ok(json.includes(`"url":"${entry.source}"`));
    assert.ok(json.includes(JSON.stringify(entry.fr.answer).slice(1, -1)));
  });

  it('label a generated answer and list the sources it cites with their numbers', () => {
    const [a, b] = engine.index.entries;
    assert.ok(a && b);
    const json = JSON.stringify(
      answerCard({
        entry: a,
        language: 'en',
        question: 'q',
        followUps: [],
        generated: { text: 'Grounded text [2]', citations: [{ n: 2, entry: b }] },
      }).content,
    );
    assert.match(json, /Grounded text \[2\]/);
    assert.match(json, /AI-generated/);
    assert.ok(json.includes(`[2] [${b.en.title}](${b.source})`));
  });
});

describe('answer cards', () => {
  let engine: FaqEngine;
  before(async () => {
    engine = await realEngine();
  });
  const cardOf = (entry: KnowledgeEntry, language: Language, question: string): CardAttachment =>
    answerCard({ entry, language, question, followUps: engine.index.getMany(entry.followUps) });

  it('ask for feedback with Teams thumb icons and words in the answer language', () => {
    const { index } = engine;
    for (const entry of index.entries) {
      for (const language of languages) {
        const json = JSON.stringify(cardOf(entry, language, 'how do I renew').content);
        const votes = [
          ...json.matchAll(
            /"title":"([^"]*)","iconUrl":"(icon:[A-Za-z]+)","data":\{"verb":"faq.feedback","vote":"(up|down)"/g,
          ),
        ].map((m) => m.slice(1));
        assert.deepEqual(votes, [
          [strings[language].yes, 'icon:ThumbLike', 'up'],
          [strings[language].no, 'icon:ThumbDislike', 'down'],
        ]);
      }
    }
  });

  it('keep the question of each turn on its own card, and a card sent is not changed by the next', () => {
    const entry = engine.index.get('vs-reassign');
    assert.ok(entry);
    const first = cardOf(entry, 'en', 'first question');
    const before = JSON.stringify(first.content);
    const second = cardOf(entry, 'en', 'second question');
    assert.match(before, /first question/);
    assert.doesNotMatch(before, /second question/);
    assert.match(JSON.stringify(second.content), /second question/);
    (second.content['body'] as Record<string, unknown>[]).splice(0);
    assert.equal(JSON.stringify(first.content), before);
    assert.equal(JSON.stringify(cardOf(entry, 'en', 'first question').content).length, before.length);
  });

  it('show French typography (’ and « ») as written', () => {
    const entry = engine.index.get('vs-reassign');
    assert.ok(entry);
    const typographic = { ...entry, fr: { ...entry.fr, title: 'L’ID d’accès', answer: 'Ouvrez « Avantages » 🙂' } };
    const json = JSON.stringify(cardOf(typographic, 'fr', 'où est l’ID ?').content);
    assert.ok(json.includes('"L’ID d’accès"'));
    assert.ok(json.includes('"Ouvrez « Avantages » 🙂"'));
    assert.ok(json.includes('"question":"où est l’ID ?"'));
  });
});

describe('card ids', () => {
  let engine: FaqEngine;
  before(async () => {
    engine = await realEngine();
  });
  const ids = (card: CardAttachment, verb: string): unknown[] =>
    submitData(card.content).flatMap((d) =>
      d && typeof d === 'object' && (d as Record<string, unknown>)['verb'] === verb
        ? [(d as Record<string, unknown>)['cardId']]
        : [],
    );

  it('give each answer card one id for both its Yes and No, and every card a new one', () => {
    const { index } = engine;
    const entry = index.get('vs-assign');
    assert.ok(entry);
    const card = (): CardAttachment => answerCard({ entry, language: 'en', question: 'q', followUps: [] });
    const first = ids(card(), 'faq.feedback');
    const second = ids(card(), 'faq.feedback');
    assert.equal(first.length, 2);
    assert.equal(new Set(first).size, 1, 'Yes and No share the card id');
    assert.match(String(first[0]), /^[0-9a-f-]{36}$/);
    assert.notEqual(first[0], second[0]);
  });

  it('give each "Did you mean" card its own id for "None of these"', () => {
    const [a, b] = engine.index.entries;
    assert.ok(a && b);
    const [one] = ids(didYouMeanCard('fr', 'q', [a, b]), 'faq.noneOfThese');
    const [two] = ids(didYouMeanCard('fr', 'q', [a, b]), 'faq.noneOfThese');
    assert.ok(typeof one === 'string' && one.length > 0);
    assert.notEqual(one, two);
  });
});

describe('long titles and contrast', () => {
  let engine: FaqEngine;
  before(async () => {
    engine = await realEngine();
  });

  /** Every element with a selectAction, as [its text, the data it submits]. */
  const selectable = (
    node: unknown,
    out: [string, Record<string, unknown>][] = [],
  ): [string, Record<string, unknown>][] => {
    if (Array.isArray(node)) node.forEach((n) => selectable(n, out));
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      const action = obj['selectAction'] as { data?: Record<string, unknown> } | undefined;
      if (action?.data) out.push([JSON.stringify(obj['items']), action.data]);
      Object.values(obj).forEach((v) => selectable(v, out));
    }
    return out;
  };

  it(
    'show related questions and "Did you mean" choices as wrapping text with their full titles, ' +
      'not as buttons that cut them',
    () => {
      const { index } = engine;
      const long = [...index.entries].sort((x, y) => y.fr.title.length - x.fr.title.length).slice(0, 3);
      const [entry] = index.entries;
      assert.ok(entry);
      for (const card of [
        answerCard({ entry, language: 'fr', question: 'q', followUps: long }),
        didYouMeanCard('fr', 'q', long),
      ]) {
        const choices = selectable(card.content);
        assert.deepEqual(
          choices.map(([, data]) => data['entryId']),
          long.map((e) => e.id),
        );
        for (const [items, data] of choices) {
          const target = long.find((e) => e.id === data['entryId']);
          assert.ok(target);
          assert.ok(items.includes(JSON.stringify(target.fr.title)), `full title of ${target.id}`);
          assert.match(items, /"wrap":true/);
        }
        const buttonTitles =
          JSON.stringify(card.content).match(/"type":"Action.Submit","title":"[^"]*","data":\{"verb":"faq.open"/g) ??
          [];
        assert.equal(buttonTitles.length, long.length, 'only the selectActions open entries');
      }
    },
  );

  it('never colour text "Good" (too light on the light theme): success is bold with a ✓', () => {
    const [a, b] = engine.index.entries;
    assert.ok(a && b);
    const cards = [
      taskCard({ title: 't', notice: 'Done: it is assigned.', error: 'Refused' }),
      answerCard({ entry: a, language: 'en', question: 'q', followUps: [b] }),
      didYouMeanCard('en', 'q', [a, b]),
      welcomeCard('en', 'welcome'),
    ];
    for (const card of cards) assert.doesNotMatch(JSON.stringify(card.content), /"color":"Good"/i);
    const notice = (taskCard({ title: 't', notice: 'Done' }).content['body'] as Record<string, unknown>[]).find((b) =>
      String(b['text']).includes('Done'),
    );
    assert.deepEqual(
      { text: notice?.['text'], weight: notice?.['weight'], color: notice?.['color'] },
      { text: '✓ Done', weight: 'Bolder', color: undefined },
    );
  });
});

describe('welcome card tasks', () => {
  it('says which tasks need an admin role, in both languages', () => {
    for (const [lang, pattern] of [
      ['en', /Admins only[\s\S]*Global admin or MPN partner admin[\s\S]*Anyone can check renewal dates/],
      ['fr', /Réservé aux administrateurs[\s\S]*administrateur partenaire MPN[\s\S]*Tout le monde/],
    ] as const) {
      for (const variant of ['welcome', 'help'] as const) {
        const json = JSON.stringify(welcomeCard(lang, variant).content);
        assert.match(json, pattern, `${lang} ${variant}`);
        assert.doesNotMatch(json, /Admin tasks|Tâches d’administration/);
      }
    }
  });
});

describe('help card', () => {
  it('does not repeat its title as a section heading', () => {
    const texts = JSON.stringify(welcomeCard('en', 'help').content).match(/What I can do/g) ?? [];
    assert.equal(texts.length, 1);
  });
});

describe('welcome examples', () => {
  it('are questions the bot answers, in their own language', async () => {
    const engine = await realEngine();
    for (const lang of languages) {
      for (const example of strings[lang].examples) {
        const result = engine.ask(example, lang === 'fr' ? 'fr-FR' : 'en-US');
        assert.equal(result.kind, 'answer', `${example} → ${result.kind}`);
        assert.equal(result.language, lang, example);
      }
    }
  });
});
