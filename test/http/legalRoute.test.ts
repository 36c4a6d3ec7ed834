import assert from 'node:assert/strict';
import { createApp, type App } from '../../src/app';
import { strings } from '../../src/i18n';
import { listenOnLoopback, silentLogger, tempDir, testConfig } from '../support/fixtures';

// The manifest's developer.privacyUrl and termsOfUseUrl point here (PUBLIC_URL/privacy, /terms): they must answer.
describe('GET /privacy and /terms (the pages the Teams manifest links to)', function () {
  let app: App;
  let base = '';
  let data: { remove: () => Promise<void> };
  before(async () => {
    const dir = await tempDir();
    data = dir;
    app = await createApp(testConfig({ DATA_DIR: dir.dir, PORT: '0', HOST: '127.0.0.1' }), {
      logger: silentLogger,
      jobIntervalMs: 3_600_000,
    });
    base = (await listenOnLoopback(app.server)).replace(/\/api\/messages$/, '');
  });
  after(async () => {
    await app.close();
    await data.remove();
  });

  const get = async (path: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string }> => {
    const res = await fetch(`${base}${path}`, { headers });
    return { status: res.status, html: await res.text() };
  };

  it('serves both pages in English by default, with what the bot keeps', async () => {
    const privacy = await get('/privacy');
    assert.equal(privacy.status, 200);
    assert.match(privacy.html, /<html lang="en">/);
    assert.ok(
      privacy.html.includes(strings.en.legal.privacyTitle.replace(':', '')) || privacy.html.includes('privacy'),
    );
    assert.match(privacy.html, /Yes\/No votes/);
    const terms = await get('/terms');
    assert.equal(terms.status, 200);
    assert.match(terms.html, /terms of use/);
  });

  it('serves them in French after the browser language or ?lang=fr', async () => {
    const byHeader = await get('/privacy', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8' });
    assert.match(byHeader.html, /<html lang="fr">/);
    assert.match(byHeader.html, /confidentialité/);
    const byQuery = await get('/terms?lang=fr');
    assert.match(byQuery.html, /conditions d’utilisation/);
    assert.match((await get('/terms?lang=xx')).html, /<html lang="en">/);
  });
});
