import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { strings } from '../../src/i18n';
import { DEMO_TENANT_ID, DEMO_USERS } from '../../src/services/partner/seed';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import { messageActivity, postActivity, teamsUser } from '../../scripts/support/teamsClient';
import { cardText, type Json } from '../support/cards';
import { listenOnLoopback, silentLogger, tempDir, testConfig } from '../support/fixtures';

type Manifest = { bots: { commandLists: { commands: { title: string }[] }[] }[] };

/** Every command title the Teams app lists (English in the manifest, French in its localization file). */
async function listedCommands(): Promise<{ title: string; locale: string }[]> {
  const dir = path.join(__dirname, '..', '..', 'manifest');
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const fr = JSON.parse(await readFile(path.join(dir, 'fr.json'), 'utf8')) as Record<string, string>;
  const en = manifest.bots.flatMap((b) => b.commandLists.flatMap((l) => l.commands.map((c) => c.title)));
  const french = Object.entries(fr)
    .filter(([key]) => /^bots\[0\]\.commandLists\[\d+\]\.commands\[\d+\]\.title$/.test(key))
    .map(([, title]) => title);
  return [
    ...[...new Set(en)].map((title) => ({ title, locale: 'en-US' })),
    ...[...new Set(french)].map((title) => ({ title, locale: 'fr-FR' })),
  ];
}

// Issue 16 §1: every command the manifest lists (Teams shows them in the compose box) is answered.
describe('e2e: every command the Teams manifest lists is answered', function () {
  this.timeout(120_000);
  let connector: FakeConnector;
  let app: App;
  let url = '';
  let data: { remove: () => Promise<void> };
  before(async () => {
    connector = await startFakeConnector();
    const dir = await tempDir();
    data = dir;
    app = await createApp(testConfig({ DATA_DIR: dir.dir, PORT: '0', HOST: '127.0.0.1' }), {
      logger: silentLogger,
      jobIntervalMs: 3_600_000,
    });
    url = await listenOnLoopback(app.server);
  });
  after(async () => {
    await app.close();
    await connector.close();
    await data.remove();
  });

  it('by a card that is not "no answer", in the command list’s language, for the Global admin', async () => {
    const alex = DEMO_USERS.find((u) => u.displayName === 'Alex Wilber');
    assert.ok(alex);
    const commands = await listedCommands();
    assert.ok(commands.length >= 6 && commands.length <= 24, `${commands.length} commands`);
    for (const [i, { title, locale }] of commands.entries()) {
      const user = teamsUser(`Alex ${i}`, locale, { aadObjectId: alex.aadObjectId, tenantId: DEMO_TENANT_ID });
      assert.equal(await postActivity(url, messageActivity(user, connector.serviceUrl, title)), 200);
      const [reply] = await connector.next(user.conversationId, 1, { timeoutMs: 20_000 });
      const content = reply?.activity.attachments?.[0]?.content as Json | undefined;
      assert.ok(content, `${title}: a card`);
      const text = cardText(content);
      for (const language of ['en', 'fr'] as const)
        assert.ok(!text.includes(strings[language].noAnswerTitle), `${title} is answered, got:\n${text}`);
      if (locale === 'fr-FR') assert.doesNotMatch(text, /\b(the|your|and)\b/i, `${title} in French:\n${text}`);
    }
  });
});
