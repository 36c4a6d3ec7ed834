import assert from 'node:assert/strict';
import type { FaqEngine } from '../../src/knowledge/faqEngine';
import { localeLanguage, replyLanguage } from '../../src/knowledge/language';
import { realEngine } from '../support/fixtures';

describe('language', () => {
  describe('localeLanguage', () => {
    it('reads any French locale as French', () => {
      assert.equal(localeLanguage('fr-FR'), 'fr');
      assert.equal(localeLanguage('fr-CA'), 'fr');
      assert.equal(localeLanguage('FR-be'), 'fr');
    });

    it('reads everything else, and no locale, as English', () => {
      assert.equal(localeLanguage('en-US'), 'en');
      assert.equal(localeLanguage('de-DE'), 'en');
      assert.equal(localeLanguage(undefined), 'en');
      assert.equal(localeLanguage(''), 'en');
    });
  });

  describe('LanguageDetector', () => {
    let engine: FaqEngine;
    before(async () => {
      engine = await realEngine();
    });

    it('recognises clear English', () => {
      assert.equal(engine.detector.detect('How do I activate our technical benefits?'), 'en');
      assert.equal(engine.detector.detect('where is my access id'), 'en');
      assert.equal(engine.detector.detect("we can't find the benefits page, what should we do"), 'en');
    });

    it('recognises clear French', () => {
      assert.equal(engine.detector.detect('Comment activer nos avantages techniques ?'), 'fr');
      assert.equal(engine.detector.detect("où est mon ID d'accès"), 'fr');
      assert.equal(engine.detector.detect('on a raté la fenêtre de renouvellement'), 'fr');
    });

    it('does not guess on keywords alone', () => {
      assert.equal(engine.detector.detect('Visual Studio'), undefined);
      assert.equal(engine.detector.detect('action pack MPN'), undefined);
      assert.equal(engine.detector.detect('MAK'), undefined);
      assert.equal(engine.detector.detect(''), undefined);
    });

    it('replies in the locale language unless the message is clearly the other one', () => {
      assert.equal(replyLanguage(engine.detector, 'fr-FR', 'Visual Studio'), 'fr');
      assert.equal(replyLanguage(engine.detector, 'fr-FR', 'How do I activate our technical benefits?'), 'en');
      assert.equal(replyLanguage(engine.detector, 'en-US', 'Comment activer nos avantages techniques ?'), 'fr');
    });
  });

  describe('FaqEngine.ask', () => {
    let engine: FaqEngine;
    before(async () => {
      engine = await realEngine();
    });

    it('answers a French message in French under an English locale', () => {
      const result = engine.ask('Comment activer nos avantages techniques ?', 'en-US');
      assert.equal(result.language, 'fr');
      assert.equal(result.kind, 'answer');
      if (result.kind === 'answer') assert.equal(result.best.entry.id, 'tech-benefits-activate');
    });

    it('answers an English message in English under a French locale', () => {
      const result = engine.ask('How do I activate our technical benefits?', 'fr-FR');
      assert.equal(result.language, 'en');
      assert.equal(result.kind, 'answer');
      if (result.kind === 'answer') assert.equal(result.best.entry.id, 'tech-benefits-activate');
    });

    it('answers in the locale language when the message could be either', () => {
      assert.equal(engine.ask('Visual Studio', 'fr-FR').language, 'fr');
      assert.equal(engine.ask('Visual Studio', 'en-US').language, 'en');
      assert.equal(engine.language('Visual Studio', 'fr-CA'), 'fr');
    });

    it('lets the other language claim keywords only it knows', () => {
      const result = engine.ask('renouvellement competence gold', 'en-US');
      assert.equal(result.kind, 'answer');
      assert.equal(result.language, 'fr');
      if (result.kind === 'answer') assert.equal(result.best.entry.id, 'competency-renewal');
    });
  });
});
