import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import { messageActivity, postActivity, teamsUser } from '../../scripts/support/teamsClient';
import type { App } from '../../src/app';
import type { KnowledgeEntry } from '../../src/knowledge/schema';
import { cardNodes, cardText, receivedCard, type Json } from '../support/cards';
import { listenOnLoopback, silentLogger, testConfig } from '../support/fixtures';

/*
 * Issue 15: a third language is one new resource file and the knowledge entries' new field, nothing else.
 * The project is copied and given a pseudo-locale 'qps' (English with its vowels swapped for look-alikes,
 * made from the English module when it loads). The copy must type-check and answer a question asked in
 * it with a card in it; a per-language place anywhere else fails one of the two.
 */

const root = path.join(__dirname, '..', '..');

/** The new resource file: every English value transformed, functions wrapped so their output is too. */
const resourceModule = `import { enReplies, enTab, enTasks } from './en';
import type { Replies, TabStrings, TaskStrings } from './en';

const lookAlikes: Readonly<Record<string, string>> = {
  a: 'ⱥ', e: 'ɇ', i: 'ɨ', o: 'ø', u: 'ʉ', y: 'ɏ', A: 'Ⱥ', E: 'Ɇ', I: 'Ɨ', O: 'Ø', U: 'Ʉ', Y: 'Ɏ',
};

/** English with its vowels swapped; URLs and markdown link targets stay usable. Keeps the length. */
export function pseudo(text: string): string {
  return text
    .split(/(https?:\\/\\/[^\\s)]+|\\]\\([^)]*\\))/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[aeiouy]/gi, (c) => lookAlikes[c] ?? c)))
    .join('');
}

function transform(value: unknown): unknown {
  if (typeof value === 'string') return pseudo(value);
  if (typeof value === 'function') {
    const f = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => transform(f(...args));
  }
  if (Array.isArray(value)) return value.map(transform);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, transform(v)]));
  return value;
}

const pseudoize = <T>(value: T): T => transform(value) as T;

export const qpsReplies: Replies = pseudoize(enReplies);
export const qpsTasks: TaskStrings = pseudoize(enTasks);
export const qpsTab: TabStrings = pseudoize(enTab);
`;

// Its registration, counted as part of the new resource file: its import and its row in the locale table.
const registrationImport = "import { qpsReplies, qpsTab, qpsTasks } from './qps';\n";
const registrationRow =
  "  qps: { intl: 'qps-ploc', name: 'Pseudo', englishName: 'Pseudo', dateStyle: 'medium', " +
  'replies: qpsReplies, tasks: qpsTasks, tab: qpsTab },\n';
const tableEnd = '} as const satisfies';

const localizedFields = ['title', 'question', 'answer', 'details'] as const;

/** Adds the new field to every entry, made from its English side. */
async function addEntryField(entriesDir: string, pseudo: (text: string) => string): Promise<void> {
  for (const file of (await readdir(entriesDir)).filter((f) => /\.ya?ml$/.test(f))) {
    const entry = parse(await readFile(path.join(entriesDir, file), 'utf8')) as KnowledgeEntry;
    const en = entry.en;
    const qps = Object.fromEntries(localizedFields.map((field) => [field, pseudo(en[field])]));
    const withField = { ...entry, qps: { ...qps, alternates: en.alternates.map(pseudo) } };
    await writeFile(path.join(entriesDir, file), stringify(withField), 'utf8');
  }
}

/** tsc over the copy, with the copy's own tsconfig; resolves with its exit code and output. */
function typecheck(dir: string): Promise<{ readonly code: number; readonly output: string }> {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '--noEmit', '-p', path.join(dir, 'tsconfig.json')], (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** What a person reads on a card: texts and titles, with URLs and link targets taken out. */
const visibleTexts = (card: Json): string[] =>
  cardNodes(card)
    .flatMap((n) => [n.text, n.title, n.value].filter((v): v is string => typeof v === 'string'))
    .map((text) => text.replace(/\]\([^)]*\)/g, ']').replace(/https?:\/\/\S+/g, ''));

describe('a third language: one resource file and the entries’ new field', function () {
  this.timeout(180_000);

  let dir: string;
  let pseudo: (text: string) => string;
  let checked: Promise<{ readonly code: number; readonly output: string }>;
  let connector: FakeConnector | undefined;
  let app: App | undefined;
  let messagesUrl = '';

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pba-third-language-'));
    for (const folder of ['src', 'dialogs', 'cards'])
      await cp(path.join(root, folder), path.join(dir, folder), { recursive: true });
    for (const file of ['tsconfig.json', 'package.json']) await cp(path.join(root, file), path.join(dir, file));
    await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

    await writeFile(path.join(dir, 'src', 'i18n', 'qps.ts'), resourceModule, 'utf8');
    const tableFile = path.join(dir, 'src', 'i18n', 'locales.ts');
    const table = await readFile(tableFile, 'utf8');
    assert.equal(table.split(tableEnd).length, 2, `the locale table ends with "${tableEnd}" once`);
    await writeFile(tableFile, registrationImport + table.replace(tableEnd, registrationRow + tableEnd), 'utf8');
    // tsc reads no entries: it runs while they are written and the app starts.
    checked = typecheck(dir);

    const fromCopy = createRequire(path.join(dir, 'package.json'));
    ({ pseudo } = fromCopy('./src/i18n/qps') as { pseudo: (text: string) => string });
    await addEntryField(path.join(dir, 'src', 'knowledge', 'entries'), pseudo);

    const { createApp } = fromCopy('./src/app') as typeof import('../../src/app');
    connector = await startFakeConnector();
    // The config is plain data: the project's own parser builds it for the copy.
    const config = testConfig({ DATA_DIR: path.join(dir, 'data'), PORT: '0', HOST: '127.0.0.1' });
    app = await createApp(config, { logger: silentLogger, jobIntervalMs: 60_000 });
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    await checked;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('type-checks', async () => {
    const { code, output } = await checked;
    assert.equal(code, 0, `tsc over the copy:\n${output}`);
  });

  /** Asks as a user whose Teams client is in the pseudo-locale; checks the reply card is in it; returns it. */
  async function ask(question: string): Promise<Json> {
    assert.ok(app && connector);
    messagesUrl ||= await listenOnLoopback(app.server);
    const user = teamsUser('Pseudo User', 'qps-ploc');
    assert.equal(await postActivity(messagesUrl, messageActivity(user, connector.serviceUrl, question)), 200);
    const [reply] = await connector.next(user.conversationId, 1);
    const card = receivedCard(reply);
    const english = visibleTexts(card).filter((text) => /[aeiouy]/i.test(text));
    assert.deepEqual(english, [], `every text on the card is in the pseudo-locale:\n${cardText(card)}`);
    const langs = cardNodes(card).flatMap((n) => (typeof n.lang === 'string' ? [n.lang] : []));
    assert.ok(langs.length > 0 && langs.every((l) => l === 'qps'), `card actions carry lang qps: ${langs.join()}`);
    return card;
  }

  it('answers a question asked in the pseudo-locale with an answer card in it', async () => {
    const file = path.join(dir, 'src', 'knowledge', 'entries', 'access-contract-id.yaml');
    const entry = parse(await readFile(file, 'utf8')) as KnowledgeEntry & { readonly qps: KnowledgeEntry['en'] };
    // Not one of the entry's own phrasings ("where is my access ID"): the pseudo-locale's index ranks it.
    const card = await ask(pseudo('where is the access id'));
    assert.ok(cardText(card).includes(entry.qps.title), `the entry's pseudo title on:\n${cardText(card)}`);
  });

  it('declines a question it has no answer for in the pseudo-locale (its Teams locale)', async () => {
    const card = await ask(pseudo('a recipe for chocolate cake'));
    assert.ok(cardText(card).includes(pseudo("I don't have an answer for that")), cardText(card));
  });
});
