import assert from 'node:assert/strict';
import { loadKnowledgeBase } from '../../src/knowledge/loader';
import {
  findOffences,
  formatOffences,
  indexSources,
  loadSourceSentences,
  sharedRun,
  sourceSentences,
  words,
  type SourceIndex,
} from '../support/ownWords';

describe('own words: the knowledge base does not copy the source pages', () => {
  let index: SourceIndex;

  before(async () => {
    index = indexSources(await loadSourceSentences());
  });

  describe('the checker', () => {
    it('reads French and English spans and the French-only pages', async () => {
      const sources = await loadSourceSentences();
      const texts = sources.map((s) => s.text);
      assert.ok(
        texts.includes('Benefit expiry date means the last date to activate your benefits.'),
        'English span of 002',
      );
      assert.ok(
        texts.includes(
          'La date d’expiration des avantages correspond à la dernière date d’activation de vos avantages.',
        ),
        'French span of 002',
      );
      assert.ok(
        sources.some((s) => s.file.startsWith('004_') && s.text.startsWith('Le traitement de votre demande')),
        'plain French line of 004',
      );
    });

    it('folds case, punctuation and both apostrophes, and keeps accents', () => {
      assert.deepEqual(words("L’ID d'Accès, **et** l'ID!"), ["l'id", "d'accès", 'et', "l'id"]);
    });

    it('flags a source sentence copied word for word, in either language', () => {
      assert.ok(
        sharedRun(
          'You have until your renewal date to redeem the benefits available during your one-year enrollment period.',
          index,
        ),
      );
      assert.ok(sharedRun('Le traitement de votre demande d’activation peut prendre quelques jours.', index));
    });

    it('flags a sentence that shares a run of 8 words, whatever the case and punctuation', () => {
      const hit = sharedRun('Good news: YOU CAN USE product keys for one year, from the day you sign up.', index);
      assert.ok(hit);
      assert.equal(hit.run, 'you can use product keys for one year from the day you');
      assert.match(hit.source.file, /^002_/);
    });

    it('does not flag a run of 7 words', () => {
      // "you can use product keys for one" is 7 words of the 002 sentence; then it goes its own way.
      assert.equal(
        sharedRun('Yes, you can use product keys for one whole year after redeeming them.', index),
        undefined,
      );
    });

    it('allows a quoted Partner Center message but still checks the words around it', () => {
      assert.equal(
        sharedRun('If you see "You are not authorized to perform this action", sign in with your MPN account.', index),
        undefined,
      );
      // Cutting the quote out must not hide 8 copied words before it.
      const around = indexSources(
        sourceSentences(
          'x.txt',
          'Please note that the portal may then show you are not authorized to perform this action.',
        ),
      );
      assert.ok(
        sharedRun(
          'Please note that the portal may then show: "You are not authorized to perform this action".',
          around,
        ),
      );
      assert.equal(
        sharedRun('The portal may then show: "You are not authorized to perform this action".', around),
        undefined,
      );
    });
  });

  it('finds no knowledge-base sentence that shares 8 or more consecutive words with a source sentence', async () => {
    const kb = await loadKnowledgeBase();
    assert.ok(kb.ok, kb.ok ? '' : kb.error.join('\n'));
    const offences = findOffences(kb.value, index);
    assert.equal(offences.length, 0, `${offences.length} sentences repeat a source page:\n${formatOffences(offences)}`);
  });
});
