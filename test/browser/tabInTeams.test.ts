import assert from 'node:assert/strict';
import { type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { createApp, type App } from '../../src/app';
import { enTab } from '../../src/i18n/en';
import { frTab } from '../../src/i18n/fr';
import { DEMO_TENANT_ID, DEMO_USERS } from '../../src/services/partner/seed';
import { listenOnLoopback, silentLogger, tempDir, testConfig } from '../support/fixtures';
import { startEntraStandIn, TEST_APP_ID, TEST_PUBLIC_URL, type EntraStandIn } from '../http/entraKeys';
import { launchChromium, skipWithoutChromium } from '../support/chromium';

const waitMs = 60_000;
/** An origin teams-js trusts as a host (its built-in list), served by the test itself. */
const HOST_ORIGIN = 'https://teams.microsoft.com';

/**
 * The host side of teams-js' postMessage protocol, as Teams' web client speaks it to a tab's frame: initialize
 * (frame context, client type, runtime config, SDK version), getContext (the legacy context object), the SSO token,
 * and a theme change pushed to the frame. Every request and its function name are recorded in `window.hostCalls`.
 */
function hostPage(tabUrl: string, token: string, context: Readonly<Record<string, string>>): string {
  const runtime = { apiVersion: 4, isLegacyTeams: false, supports: { app: {}, authentication: {}, pages: {} } };
  return `<!doctype html><html><body style="margin:0">
<iframe id="tab" src="${tabUrl}" style="width:1100px;height:900px;border:0"></iframe>
<script>
window.hostCalls = [];
const answers = {
  initialize: ['content', 'web', ${JSON.stringify(JSON.stringify(runtime))}, '2.0.0'],
  getContext: [${JSON.stringify(context)}],
  'authentication.getAuthToken': [true, ${JSON.stringify(token)}],
};
window.addEventListener('message', (event) => {
  const m = event.data;
  if (!m || typeof m.func !== 'string' || typeof m.id !== 'number') return;
  window.hostCalls.push(m.func);
  event.source.postMessage({ id: m.id, uuid: m.uuid, args: answers[m.func] || [] }, event.origin);
});
window.setTheme = (theme) =>
  document.getElementById('tab').contentWindow.postMessage({ func: 'themeChange', args: [theme] }, '*');
</script></body></html>`;
}

describe('browser: the My benefits tab inside a Teams host frame, with SSO (headless Chromium)', function () {
  this.timeout(180_000);

  let dir: { dir: string; remove: () => Promise<void> } | undefined;
  let app: App | undefined;
  let entra: EntraStandIn | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  /** The Authorization header of each /api/tab/me request the page made. */
  const apiAuthorizations: (string | undefined)[] = [];

  before(async function () {
    skipWithoutChromium(this);
    dir = await tempDir();
    entra = await startEntraStandIn();
    const config = testConfig({
      DATA_DIR: dir.dir,
      PORT: '0',
      HOST: '127.0.0.1',
      MicrosoftAppId: TEST_APP_ID,
      MicrosoftAppPassword: 'test-secret',
      PUBLIC_URL: TEST_PUBLIC_URL,
      ENTRA_OPENID_METADATA_URL: entra.metadataUrl,
    });
    app = await createApp(config, { logger: silentLogger, jobIntervalMs: 3_600_000 });
    const local = new URL(await listenOnLoopback(app.server)).origin;
    browser = await launchChromium(waitMs);
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    // The bot's public address is this test's server; teams-js' list of hosts from the Office CDN is not reachable.
    await context.route(`${TEST_PUBLIC_URL}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/api/tab/me') apiAuthorizations.push(route.request().headers()['authorization']);
      const response = await route.fetch({ url: `${local}${url.pathname}${url.search}` });
      await route.fulfill({ response });
    });
    await context.route('https://res.cdn.office.net/**', (route) => route.abort());
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await entra?.close();
    await dir?.remove();
  });

  async function openInHost(token: string, teamsContext: Readonly<Record<string, string>>): Promise<Page> {
    assert.ok(context);
    const page = await context.newPage();
    page.setDefaultTimeout(waitMs);
    // The URL says English and the default theme; the Teams context below says otherwise, and wins.
    const tabUrl = `${TEST_PUBLIC_URL}/tab?locale=en-us&theme=default`;
    await page.route(`${HOST_ORIGIN}/host`, (route) =>
      route.fulfill({ contentType: 'text/html', body: hostPage(tabUrl, token, teamsContext) }),
    );
    await page.goto(`${HOST_ORIGIN}/host`);
    return page;
  }

  const tabFrame = async (page: Page): Promise<Frame> => {
    const element = await page.locator('#tab').elementHandle();
    const frame = await element?.contentFrame();
    assert.ok(frame, 'the tab frame');
    await frame.locator('html[data-state]').waitFor();
    return frame;
  };

  const background = async (frame: Frame): Promise<unknown> =>
    frame.evaluate('getComputedStyle(document.body).backgroundColor');

  it("sends Teams' SSO token, reads locale and theme from the context, and follows a theme change", async () => {
    const alex = DEMO_USERS.find((u) => u.displayName === 'Alex Wilber');
    assert.ok(alex && entra);
    const token = await entra.sign({ oid: alex.aadObjectId });
    const page = await openInHost(token, {
      locale: 'fr-fr',
      theme: 'default',
      entityId: 'myBenefits',
      tid: DEMO_TENANT_ID,
      userObjectId: alex.aadObjectId,
      loginHint: 'alexw@contoso.onmicrosoft.com',
      userPrincipalName: 'alexw@contoso.onmicrosoft.com',
      hostClientType: 'web',
      frameContext: 'content',
      appSessionId: 'test-session',
    });
    const frame = await tabFrame(page);
    assert.equal(await frame.getAttribute('html', 'data-state'), 'ready', await frame.innerText('body'));
    assert.equal(await frame.getAttribute('html', 'lang'), 'fr', 'the Teams locale, not the URL');
    assert.equal(await frame.locator('h1').innerText(), frTab.page.title);
    assert.match(await frame.locator('#signed-in').innerText(), /Connecté en tant que Alex Wilber/);
    assert.equal(await frame.locator('#demo').count(), 0, 'a signed-in user is not a demo identity');
    assert.deepEqual(apiAuthorizations, [`Bearer ${token}`]);
    const calls = await page.evaluate<string[]>('window.hostCalls');
    for (const func of ['initialize', 'getContext', 'authentication.getAuthToken'])
      assert.ok(calls.includes(func), func);
    assert.equal(await background(frame), 'rgb(245, 245, 245)');

    // Teams pushes a theme change: the tab follows without a reload.
    await page.evaluate("window.setTheme('dark')");
    await frame.waitForFunction("document.documentElement.dataset.theme === 'dark'");
    assert.equal(await background(frame), 'rgb(31, 31, 31)');
    await page.screenshot({ path: '/tmp/tab-in-teams-fr-dark.png' });
    await page.close();
  });

  it('a token Teams gives for another tenant gets no data: the page says why', async () => {
    const alex = DEMO_USERS.find((u) => u.displayName === 'Alex Wilber');
    assert.ok(alex && entra);
    const token = await entra.sign({ oid: alex.aadObjectId, tid: 'ffffffff-1111-2222-3333-444444444444' });
    const page = await openInHost(token, { locale: 'en-us', theme: 'contrast', appSessionId: 'test-session' });
    const frame = await tabFrame(page);
    assert.equal(await frame.getAttribute('html', 'data-state'), 'error');
    assert.equal(await frame.locator('[role="alert"] p').innerText(), enTab.page.errors.notInDirectory);
    assert.equal(await frame.locator('table').count(), 0);
    assert.equal(await background(frame), 'rgb(0, 0, 0)', 'high contrast from the context');
    await page.close();
  });

  it('opened outside Teams with sign-in on, the page says to open it in Teams (no demo identity)', async () => {
    assert.ok(context);
    const page = await context.newPage();
    await page.goto(`${TEST_PUBLIC_URL}/tab?locale=en-us&as=adele`);
    await page.locator('html[data-state]').waitFor({ timeout: waitMs });
    assert.equal(await page.locator('[role="alert"] p').innerText(), enTab.page.openInTeams);
    assert.equal(await page.locator('table').count(), 0);
    await page.close();
  });
});
