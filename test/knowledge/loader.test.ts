import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadKnowledgeBase } from '../../src/knowledge/loader';
import { languages, type KnowledgeEntry } from '../../src/knowledge/schema';
import { tempDir } from '../support/fixtures';

/** A valid entry in both languages; tests break it on purpose. */
function entry(id: string, followUps: string[] = []): Record<string, unknown> {
  const localized = (lang: string): Record<string, unknown> => ({
    title: `Title ${lang} ${id}`,
    question: `Question ${lang} about ${id}?`,
    alternates: [`first ${lang} way to ask`, `second ${lang} way to ask`, `third ${lang} way to ask`],
    answer: `The ${lang} answer for ${id}.`,
    details: `- More ${lang} details for ${id}.`,
  });
  return {
    id,
    source: 'https://learn.microsoft.com/partner-center/benefits-faq',
    tags: ['test'],
    followUps,
    en: localized('en'),
    fr: localized('fr'),
  };
}

async function loadReal(): Promise<readonly KnowledgeEntry[]> {
  const result = await loadKnowledgeBase();
  assert.ok(result.ok, result.ok ? '' : result.error.join('\n'));
  return result.value;
}

describe('knowledge base loader', () => {
  describe('the real knowledge base', () => {
    it('loads and validates', async () => {
      const entries = await loadReal();
      assert.ok(entries.length >= 40, `only ${entries.length} entries`);
    });

    it('has every entry in both languages with at least 3 alternates', async () => {
      for (const e of await loadReal()) {
        for (const lang of languages) {
          const loc = e[lang];
          assert.ok(loc.title && loc.question && loc.answer && loc.details, `${e.id}: ${lang} incomplete`);
          assert.ok(loc.alternates.length >= 3, `${e.id}: ${lang} has ${loc.alternates.length} alternates`);
        }
      }
    });

    it('has unique ids and follow-ups that resolve to other entries', async () => {
      const entries = await loadReal();
      const ids = new Set(entries.map((e) => e.id));
      assert.equal(ids.size, entries.length);
      for (const e of entries) {
        for (const f of e.followUps) {
          assert.ok(ids.has(f), `${e.id}: follow-up ${f} does not exist`);
          assert.notEqual(f, e.id, `${e.id} follows up on itself`);
        }
      }
    });
  });

  describe('a broken folder', () => {
    let dir: string;
    let remove: () => Promise<void>;

    beforeEach(async () => {
      ({ dir, remove } = await tempDir());
    });
    afterEach(async () => {
      await remove();
    });

    const write = (file: string, data: unknown): Promise<void> =>
      writeFile(path.join(dir, file), stringify(data), 'utf8');

    it('loads a valid folder', async () => {
      await write('alpha.yaml', entry('alpha', ['beta']));
      await write('beta.yaml', entry('beta'));
      const result = await loadKnowledgeBase(dir);
      assert.ok(result.ok, result.ok ? '' : result.error.join('\n'));
      assert.deepEqual(
        result.value.map((e) => e.id),
        ['alpha', 'beta'],
      );
    });

    it('reports a duplicate id with the file that repeats it', async () => {
      await write('alpha.yaml', entry('alpha'));
      await write('alpha.yml', entry('alpha'));
      const result = await loadKnowledgeBase(dir);
      assert.ok(!result.ok);
      assert.ok(
        result.error.some((e) => e.startsWith('alpha.yml:') && e.includes('duplicate id alpha')),
        result.error.join('\n'),
      );
    });

    it('reports a follow-up that does not resolve, naming the file', async () => {
      await write('alpha.yaml', entry('alpha', ['nowhere']));
      const result = await loadKnowledgeBase(dir);
      assert.ok(!result.ok);
      assert.ok(
        result.error.some((e) => e.startsWith('alpha.yaml:') && e.includes('nowhere')),
        result.error.join('\n'),
      );
    });

    it('reports an entry without French, naming the file', async () => {
      const { fr: _fr, ...englishOnly } = entry('alpha');
      await write('alpha.yaml', englishOnly);
      await write('beta.yaml', entry('beta'));
      const result = await loadKnowledgeBase(dir);
      assert.ok(!result.ok);
      assert.ok(
        result.error.some((e) => e.startsWith('alpha.yaml:') && /\bfr\b/.test(e)),
        result.error.join('\n'),
      );
      assert.ok(!result.error.some((e) => e.startsWith('beta.yaml:')), 'the valid file is not blamed');
    });

    it('reports the problems of every broken file at once', async () => {
      const { fr: _alphaFr, ...alpha } = entry('alpha');
      const { fr: _betaFr, ...beta } = entry('beta');
      await write('alpha.yaml', alpha);
      await write('beta.yaml', beta);
      const result = await loadKnowledgeBase(dir);
      assert.ok(!result.ok);
      assert.ok(
        result.error.some((e) => e.startsWith('alpha.yaml:')),
        result.error.join('\n'),
      );
      assert.ok(
        result.error.some((e) => e.startsWith('beta.yaml:')),
        result.error.join('\n'),
      );
    });
  });
});

describe('loadKnowledgeBase with one malformed file', () => {
  it('still reports the other files’ dangling follow-ups', async () => {
    const { dir, remove } = await tempDir();
    try {
      const { fr: _fr, ...broken } = entry('alpha');
      await writeFile(path.join(dir, 'alpha.yaml'), stringify(broken), 'utf8');
      await writeFile(path.join(dir, 'beta.yaml'), stringify(entry('beta', ['alpha', 'nowhere'])), 'utf8');
      const result = await loadKnowledgeBase(dir);
      assert.ok(!result.ok);
      assert.ok(
        result.error.some((e) => e.startsWith('alpha.yaml:')),
        result.error.join('\n'),
      );
      assert.ok(
        result.error.some((e) => e.startsWith('beta.yaml:') && e.includes('nowhere')),
        result.error.join('\n'),
      );
      assert.ok(
        !result.error.some((e) => e.includes('follow-up alpha')),
        'a follow-up to a broken but present file is not dangling',
      );
    } finally {
      await remove();
    }
  });
});
