import assert from 'node:assert/strict';
import type { FaqEngine, FaqResult } from '../../src/knowledge/faqEngine';
import { InlineFaqSearch, type FaqSearch } from '../../src/knowledge/faqSearch';
import { languages, type Language } from '../../src/knowledge/schema';
import { ThreadFaqSearch } from '../../src/knowledge/searchThread';
import { loadSynonyms, phrasingKey } from '../../src/knowledge/text';
import { realEngine, silentLogger } from '../support/fixtures';

interface Phrasing {
  readonly entryId: string;
  readonly language: Language;
  readonly text: string;
}

const localeOf = (language: Language): string => (language === 'fr' ? 'fr-FR' : 'en-US');

/** Every entry's own question and alternates in both languages, from the live knowledge base. */
const phrasingsOf = (engine: FaqEngine): Phrasing[] =>
  engine.index.entries.flatMap((entry) =>
    languages.flatMap((language) => {
      const { question, alternates } = entry[language];
      return [question, ...alternates].map((text) => ({ entryId: entry.id, language, text }));
    }),
  );

/** The question as a user might type it: other case, typographic apostrophes, no accents, other end punctuation. */
function retyped(text: string): string {
  const ending = /[?!.]\s*$/.test(text) ? text.replace(/\s*[?!.]+\s*$/, '') : `${text} ?`;
  return ending.toUpperCase().replace(/'/g, '’').normalize('NFD').replace(/\p{M}/gu, '');
}

const outcomeOf = (result: FaqResult): string =>
  result.kind === 'answer'
    ? `${result.best.entry.id} (${result.language})`
    : result.kind === 'ambiguous'
      ? `Did you mean ${result.candidates.map((c) => c.entry.id).join(' | ')} (${result.language})`
      : `no answer (${result.language})`;

/** Phrasings whose key more than one entry (or language of another entry) uses. */
function sharedPhrasings(phrasings: readonly Phrasing[]): Map<string, Phrasing[]> {
  const byKey = new Map<string, Phrasing[]>();
  for (const p of phrasings) byKey.set(phrasingKey(p.text), [...(byKey.get(phrasingKey(p.text)) ?? []), p]);
  return new Map([...byKey].filter(([, ps]) => new Set(ps.map((p) => p.entryId)).size > 1));
}

describe("every entry's own question and alternates", function () {
  this.timeout(60_000);
  let engine: FaqEngine;
  let phrasings: Phrasing[];

  before(async () => {
    engine = await realEngine();
    phrasings = phrasingsOf(engine);
  });

  it('belong to one entry each (a phrasing two entries share is a content bug)', () => {
    const shared = [...sharedPhrasings(phrasings)].map(
      ([key, ps]) => `"${key}": ${ps.map((p) => `${p.entryId} (${p.language})`).join(', ')}`,
    );
    assert.deepEqual(shared, [], `phrasings shared between entries:\n${shared.join('\n')}`);
  });

  const modes: [string, (engine: FaqEngine) => Promise<FaqSearch>][] = [
    ['SEARCH_THREAD=main', async (e) => new InlineFaqSearch(e)],
    [
      'SEARCH_THREAD=worker',
      (e) =>
        ThreadFaqSearch.start({
          entries: e.index.entries,
          synonyms: loadSynonyms(),
          inline: new InlineFaqSearch(e),
          logger: silentLogger,
        }),
    ],
  ];
  for (const [mode, start] of modes) {
    it(`get that entry's answer in their language, as written and as retyped (${mode})`, async () => {
      const search = await start(engine);
      try {
        if (search instanceof ThreadFaqSearch) assert.ok(search.running, 'the search thread started');
        const shared = sharedPhrasings(phrasings);
        const asked = phrasings
          .filter((p) => !shared.has(phrasingKey(p.text)))
          .flatMap((p) => [p, { ...p, text: retyped(p.text) }]);
        const results = await Promise.all(asked.map((p) => search.ask(p.text, localeOf(p.language))));
        const wrong = asked.flatMap((p, i) => {
          const result = results[i] as FaqResult;
          const ok = result.kind === 'answer' && result.best.entry.id === p.entryId && result.language === p.language;
          return ok ? [] : [`[${p.language}] ${p.entryId}: "${p.text}" got ${outcomeOf(result)}`];
        });
        assert.ok(asked.length > 500, `only ${asked.length} phrasings asked`);
        assert.deepEqual(wrong, [], `${wrong.length} of ${asked.length}:\n${wrong.join('\n')}`);
      } finally {
        await search.close();
      }
    });
  }

  it('are answered in their own language even when the Teams client uses the other one', () => {
    const shared = sharedPhrasings(phrasings);
    const keys = new Set(phrasings.map((p) => `${p.language} ${phrasingKey(p.text)}`));
    const wrong = phrasings
      .filter((p) => !shared.has(phrasingKey(p.text)))
      .flatMap((p) => {
        const client: Language = p.language === 'en' ? 'fr' : 'en';
        // A phrasing the entry uses in both languages ("Premier Support for Partners") stays in the client's.
        const expected = keys.has(`${client} ${phrasingKey(p.text)}`) ? client : p.language;
        const result = engine.ask(p.text, localeOf(client));
        const ok = result.kind === 'answer' && result.best.entry.id === p.entryId && result.language === expected;
        return ok ? [] : [`[${p.language}] ${p.entryId}: "${p.text}" got ${outcomeOf(result)}`];
      });
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });

  it('keep "Did you mean" for questions that are not an entry\'s own and fit several', () => {
    const question = 'visual studio subscription';
    assert.equal(engine.index.ownPhrasing(question, 'en'), undefined);
    assert.equal(engine.ask(question, 'en-US').kind, 'ambiguous');
  });
});

describe('phrasingKey', () => {
  it('ignores case, accents, typographic apostrophes, punctuation and spacing', () => {
    assert.equal(phrasingKey('  Où trouver l’ID d’accès ?'), phrasingKey("ou trouver l'id d'acces"));
    assert.equal(phrasingKey('How do I renew my benefits?'), 'how do i renew my benefits');
  });

  it('keeps every word: a different word is a different key', () => {
    assert.notEqual(phrasingKey('how do I renew my benefits'), phrasingKey('how do I renew benefits'));
    assert.notEqual(phrasingKey('renew my benefits'), phrasingKey('renewing my benefits'));
  });
});
