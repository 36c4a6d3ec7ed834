import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { appIconFile } from '../../src/http/iconRoute';
import { popularEntryIds, strings, type Language } from '../../src/i18n';
import { createLogger } from '../../src/logger';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import { composeQueryActivity, teamsUser, type TeamsActivity } from '../../scripts/support/teamsClient';
import { testConfig } from '../support/fixtures';

const publicUrl = 'https://bot.contoso.test';

interface Body {
  readonly composeExtension: {
    readonly type: string;
    readonly text?: string;
    readonly attachments?: readonly {
      readonly contentType: string;
      readonly content: { readonly type?: string };
      readonly preview: {
        readonly contentType: string;
        readonly content: { readonly title: string; readonly text: string; readonly images: { url: string }[] };
      };
    }[];
  };
}

describe('e2e: compose-box search, composeExtension/query POSTed to /api/messages', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let app: App;
  let dataDir: string;
  let baseUrl: string;

  before(async () => {
    connector = await startFakeConnector();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pba-compose-'));
    const config = testConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', PUBLIC_URL: publicUrl });
    app = await createApp(config, { logger: createLogger('silent'), jobIntervalMs: 60_000 });
    await new Promise<void>((resolve) => {
      app.server.listen(0, '127.0.0.1', () => resolve());
    });
    baseUrl = `http://127.0.0.1:${app.server.address().port}`;
  });

  after(async () => {
    await app?.close();
    await connector?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const en = teamsUser('Patti Fernandez', 'en-US');
  const fr = teamsUser('Adèle Vance', 'fr-FR');

  /** The HTTP reply Teams reads: its status and the invoke response body (none on a 400). */
  async function post(activity: TeamsActivity): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }
  async function results(activity: TeamsActivity): Promise<Body['composeExtension']> {
    const { status, body } = await post(activity);
    assert.equal(status, 200, JSON.stringify(body));
    return (body as Body).composeExtension;
  }
  const titles = async (activity: TeamsActivity): Promise<string[]> =>
    ((await results(activity)).attachments ?? []).map((a) => a.preview.content.title);
  const title = (id: string, language: Language): string => app.engine.index.get(id)?.[language].title ?? id;
  /** The activity Teams sends, with its value replaced (for the shapes Teams should never send). */
  const withValue = (value: unknown): TeamsActivity => ({
    ...composeQueryActivity(en, connector.serviceUrl, ''),
    value,
  });

  it('answers an English query with thumbnails (title, first line, icon at PUBLIC_URL) and answer cards', async () => {
    const found = await results(composeQueryActivity(en, connector.serviceUrl, 'reassign visual studio'));
    assert.equal(found.type, 'result');
    const [first] = found.attachments ?? [];
    assert.ok(first);
    assert.equal(first.preview.content.title, title('vs-reassign', 'en'));
    assert.ok(first.preview.content.text.length > 0 && !first.preview.content.text.includes('\n'));
    assert.deepEqual(first.preview.content.images, [{ url: `${publicUrl}/icon.png`, alt: strings.en.welcomeTitle }]);
    assert.equal(first.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(first.content.type, 'AdaptiveCard');
  });

  it('answers a French query in French', async () => {
    const found = await titles(
      composeQueryActivity(fr, connector.serviceUrl, 'réattribuer un abonnement Visual Studio'),
    );
    assert.equal(found[0], title('vs-reassign', 'fr'));
  });

  it('shows the most asked questions on initialRun and for an empty box, in the user’s locale', async () => {
    const initialRun = (locale: 'en-US' | 'fr-FR'): TeamsActivity => ({
      ...composeQueryActivity(locale === 'fr-FR' ? fr : en, connector.serviceUrl, ''),
      value: { commandId: 'searchFaq', parameters: [{ name: 'initialRun', value: 'true' }] },
    });
    const popular = (language: Language): string[] => popularEntryIds.map((id) => title(id, language));
    assert.deepEqual(await titles(initialRun('fr-FR')), popular('fr'));
    assert.deepEqual(await titles(initialRun('en-US')), popular('en'));
    assert.deepEqual(await titles(composeQueryActivity(fr, connector.serviceUrl, '')), popular('fr'));
  });

  it('says that nothing matches, with help text, in English and French', async () => {
    const query = 'weather in tokyo';
    assert.deepEqual(await results(composeQueryActivity(en, connector.serviceUrl, query)), {
      type: 'message',
      text: strings.en.composeNoMatch(query),
    });
    const frQuery = 'recette de la tarte aux pommes';
    assert.deepEqual(await results(composeQueryActivity(fr, connector.serviceUrl, frQuery)), {
      type: 'message',
      text: strings.fr.composeNoMatch(frQuery),
    });
  });

  const malformed: Record<string, unknown> = {
    'missing parameters': { commandId: 'searchFaq' },
    'parameters: "x"': { commandId: 'searchFaq', parameters: 'x' },
    'a non-string value': { commandId: 'searchFaq', parameters: [{ name: 'query', value: { text: 'renewal' } }] },
    'an unknown commandId': { commandId: 'searchTickets', parameters: [{ name: 'query', value: 'renewal' }] },
  };
  for (const [name, value] of Object.entries(malformed)) {
    it(`answers ${name} with 400 and sends the user nothing`, async () => {
      const { status } = await post(withValue(value));
      assert.equal(status, 400);
      // Not a failed turn: the adapter's "something went wrong" message would reach the connector.
      await assert.rejects(connector.next(en.conversationId, 1, { timeoutMs: 300 }), /expected 1 activities/);
    });
  }

  it('serves the app icon at /icon.png', async () => {
    const res = await fetch(`${baseUrl}/icon.png`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), await readFile(appIconFile));
    const again = await fetch(`${baseUrl}/icon.png`, { headers: { 'if-none-match': res.headers.get('etag') ?? '' } });
    assert.equal(again.status, 304);
  });
});
