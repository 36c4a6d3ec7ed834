import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { createApp, type App } from '../../src/app';
import { enTab } from '../../src/i18n/en';
import { frTab } from '../../src/i18n/fr';
import { formatDate } from '../../src/i18n';
import { DEMO_TENANT_ID, DEMO_USERS } from '../../src/services/partner/seed';
import type { RenewalFacts, TechnicalBenefit } from '../../src/services/partner/schemas';
import { listenOnLoopback, silentLogger, tempDir, testConfig } from '../support/fixtures';
import { launchChromium, skipWithoutChromium } from '../support/chromium';

/** Per wait on the page: the machine is shared, and the first load also builds the tab's bundle. */
const waitMs = 60_000;

/** The theme colours of tab.css that the test reads back (background, the chart's marks). */
const colours = {
  lightBackground: 'rgb(245, 245, 245)',
  darkBackground: 'rgb(31, 31, 31)',
  darkText: 'rgb(255, 255, 255)',
  contrastBackground: 'rgb(0, 0, 0)',
  anniversary: [196, 49, 75],
  windowStroke: [91, 95, 199],
  vsEnd: [35, 123, 75],
} as const;

/** Pixels of the PNG within a few units of an RGB colour. */
function countColour(png: Buffer, [r, g, b]: readonly number[]): number {
  const image = PNG.sync.read(png);
  let count = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const dr = Math.abs((image.data[i] ?? 0) - (r ?? 0));
    const dg = Math.abs((image.data[i + 1] ?? 0) - (g ?? 0));
    const db = Math.abs((image.data[i + 2] ?? 0) - (b ?? 0));
    if (dr + dg + db < 24) count++;
  }
  return count;
}

/**
 * Issue 16 §4 and §6: the "My benefits" tab in real headless Chromium, outside Teams with bot authentication off,
 * so it runs as the demo identity (Alex Wilber, or ?as=adele).
 */
describe('browser: the My benefits tab (headless Chromium)', function () {
  this.timeout(180_000);

  let dir: { dir: string; remove: () => Promise<void> } | undefined;
  let app: App | undefined;
  let browser: Browser | undefined;
  let base = '';
  let renewals: RenewalFacts[] = [];
  let benefits: TechnicalBenefit[] = [];
  const loadTimes: string[] = [];

  before(async function () {
    skipWithoutChromium(this);
    dir = await tempDir();
    const config = testConfig({ DATA_DIR: dir.dir, PORT: '0', HOST: '127.0.0.1' });
    app = await createApp(config, { logger: silentLogger, jobIntervalMs: 3_600_000 });
    base = new URL(await listenOnLoopback(app.server)).origin;
    const alex = DEMO_USERS.find((u) => u.displayName === 'Alex Wilber');
    assert.ok(alex);
    const actor = { tenantId: DEMO_TENANT_ID, aadObjectId: alex.aadObjectId };
    const [r, b] = await Promise.all([
      app.stack.partner.renewals(actor),
      app.stack.partner.listTechnicalBenefits(actor),
    ]);
    assert.ok(r.ok && b.ok);
    renewals = r.value;
    benefits = b.value;
    browser = await launchChromium(waitMs);
  });

  after(async () => {
    if (loadTimes.length)
      process.stdout.write(`      tab load (navigation start → data drawn): ${loadTimes.join(', ')}\n`);
    await browser?.close();
    await app?.close();
    await dir?.remove();
  });

  /** Opens the tab and waits for its data; records navigation start → data drawn (the page's own mark). */
  async function open(query: string, label: string): Promise<Page> {
    assert.ok(browser);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.setDefaultTimeout(waitMs);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/tab?${query}`);
    await page.locator('html[data-state]').waitFor();
    assert.deepEqual(errors, [], 'no script errors');
    assert.equal(await page.getAttribute('html', 'data-state'), 'ready', await page.innerText('body'));
    const ms = await page.evaluate(() => performance.getEntriesByName('tab-data-rendered')[0]?.startTime);
    assert.ok(typeof ms === 'number');
    loadTimes.push(`${label} ${Math.round(ms)} ms`);
    return page;
  }

  /** A computed style of the page's first element matching `selector` (as a string: the DOM lib is not loaded here). */
  const styleOf = async (page: Page, selector: string, property: string): Promise<string> =>
    String(await page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`));
  const backgroundOf = (page: Page): Promise<string> => styleOf(page, 'body', 'backgroundColor');

  it("renders Alex's organization in English: renewal chart with its marks, benefits with IDs, seats", async () => {
    const page = await open('locale=en-us&theme=default', 'EN light');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('h1').innerText(), enTab.page.title);
    assert.match(await page.locator('#demo').innerText(), /Demo identity: .*Alex Wilber \(Global admin\)/);
    assert.match(await page.locator('#signed-in').innerText(), /Signed in as Alex Wilber/);
    assert.equal(await backgroundOf(page), colours.lightBackground);

    // One row per offer with its three marks, and one line for today.
    const chart = page.locator('svg.chart');
    assert.equal(await chart.count(), 1);
    assert.equal(await chart.getAttribute('role'), 'img');
    for (const mark of ['anniversary', 'window', 'vs-end']) {
      assert.equal(await chart.locator(`[data-mark="${mark}"]`).count(), renewals.length, mark);
    }
    assert.equal(await chart.locator('[data-mark="today"]').count(), 1);
    const text = await page.innerText('body');
    for (const r of renewals) {
      assert.ok(text.includes(r.offerName));
      assert.ok(text.includes(formatDate(r.anniversary, 'en')), `anniversary ${r.anniversary} as the bot writes it`);
    }
    const active = benefits.find((b) => b.accessId);
    assert.ok(active?.accessId && active.contractId);
    assert.ok(text.includes(active.accessId) && text.includes(active.contractId), 'a Global admin sees the IDs');
    assert.equal(await page.getByRole('columnheader', { name: enTab.page.accessId }).count(), 1);
    assert.ok(text.includes('Adele Vance') && text.includes(enTab.page.reassignableFrom));

    // A screenshot of the chart: its marks are drawn in their colours, not just present in the DOM.
    const png = await chart.screenshot({ path: '/tmp/tab-chart-en-light.png' });
    assert.ok(countColour(png, colours.anniversary) > 20, 'anniversary diamonds drawn');
    assert.ok(countColour(png, colours.windowStroke) > 50, 'renewal windows drawn');
    assert.ok(countColour(png, colours.vsEnd) > 20, 'Visual Studio end marks drawn');
    await page.screenshot({ path: '/tmp/tab-en-light.png', fullPage: true });
    await page.close();
  });

  it('renders in French (Teams locale fr-fr) with French dates and labels, in the dark theme', async () => {
    const page = await open('locale=fr-fr&theme=dark', 'FR dark');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.locator('h1').innerText(), frTab.page.title);
    const text = await page.innerText('body');
    assert.ok(text.includes(frTab.page.renewalsTitle) && text.includes(frTab.page.seatsTitle));
    for (const r of renewals) assert.ok(text.includes(formatDate(r.windowEnd, 'fr')), `${r.windowEnd} in French`);
    assert.match(await page.locator('#demo').innerText(), /Identité de démonstration/);
    assert.equal(await page.getByRole('columnheader', { name: frTab.page.accessId }).count(), 1);
    assert.equal(await backgroundOf(page), colours.darkBackground);
    assert.equal(await styleOf(page, 'body', 'color'), colours.darkText);
    await page.screenshot({ path: '/tmp/tab-fr-dark.png', fullPage: true });
    await page.close();
  });

  it('follows the other themes: English dark and high contrast', async () => {
    const dark = await open('locale=en-us&theme=dark', 'EN dark');
    assert.equal(await backgroundOf(dark), colours.darkBackground);
    await dark.screenshot({ path: '/tmp/tab-en-dark.png', fullPage: true });
    await dark.close();
    const contrast = await open('locale=en-us&theme=contrast', 'EN contrast');
    assert.equal(await backgroundOf(contrast), colours.contrastBackground);
    await contrast.screenshot({ path: '/tmp/tab-en-contrast.png', fullPage: true });
    await contrast.close();
    const french = await open('locale=fr-fr&theme=default', 'FR light');
    await french.screenshot({ path: '/tmp/tab-fr-light.png', fullPage: true });
    await french.close();
  });

  it('Adele (no admin role) sees the benefits without any Access ID or Contract ID', async () => {
    const page = await open('locale=en-us&as=adele', 'EN Adele');
    assert.match(await page.locator('#signed-in').innerText(), /Adele Vance/);
    const text = await page.innerText('body');
    assert.ok(text.includes(enTab.page.benefitsTitle) && text.includes(enTab.page.idsAdminsOnly));
    assert.equal(await page.getByRole('columnheader', { name: enTab.page.accessId }).count(), 0);
    for (const id of benefits.flatMap((b) => [b.accessId, b.contractId])) {
      if (id) assert.ok(!text.includes(id), `${id} is not shown to Adele`);
    }
    await page.close();
  });

  it('is keyboard accessible: Tab reaches the Refresh button with a visible focus ring, Enter reloads', async () => {
    const page = await open('locale=en-us', 'EN keyboard');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate('document.activeElement && document.activeElement.id');
    assert.equal(focused, 'refresh', 'the first stop is the Refresh button');
    assert.equal(await styleOf(page, '#refresh', 'outlineStyle'), 'solid', 'with a visible focus ring');
    // Enter on the focused button fetches the data again.
    const [reloaded] = await Promise.all([
      page.waitForResponse((res) => res.url().includes('/api/tab/me')),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(reloaded.status(), 200);
    assert.equal(await page.locator('table th[scope="col"]').first().count(), 1, 'tables have column headers');
    assert.equal(await page.locator('[role="status"][aria-live="polite"]').count(), 1);
    await page.close();
  });
});
