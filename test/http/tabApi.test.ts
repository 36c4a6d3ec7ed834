import assert from 'node:assert/strict';
import { createApp, type App } from '../../src/app';
import { createTokenVerifier } from '../../src/http/tabAuth';
import { enTab } from '../../src/i18n/en';
import { DEMO_TENANT_ID, DEMO_USERS } from '../../src/services/partner/seed';
import type { TabData } from '../../src/tab/model';
import { listenOnLoopback, silentLogger, tempDir, testConfig } from '../support/fixtures';
import {
  startEntraStandIn,
  TEST_APP_ID as APP_ID,
  TEST_AUDIENCE as AUDIENCE,
  TEST_PUBLIC_URL as PUBLIC_URL,
  type EntraStandIn,
  type TokenOptions,
} from './entraKeys';

const FOREIGN_TENANT = 'ffffffff-1111-2222-3333-444444444444';

const demoUser = (first: string): (typeof DEMO_USERS)[number] => {
  const user = DEMO_USERS.find((u) => u.displayName.startsWith(first));
  assert.ok(user, first);
  return user;
};
const alex = demoUser('Alex');
const adele = demoUser('Adele');

describe('GET /api/tab/me: the My benefits tab API', function () {
  // Two apps (PGlite each) on a shared machine.
  this.timeout(120_000);

  let entra: EntraStandIn;
  let metadataUrl: string;
  /** Alex's token unless told otherwise. */
  const sign = (options: Partial<TokenOptions> = {}): Promise<string> =>
    entra.sign({ oid: alex.aadObjectId, ...options });

  before(async () => {
    entra = await startEntraStandIn();
    metadataUrl = entra.metadataUrl;
  });

  after(async () => {
    await entra?.close();
  });

  describe('with bot authentication on (MicrosoftAppId set)', () => {
    let app: App;
    let base: string;
    let dir: { dir: string; remove: () => Promise<void> };

    before(async () => {
      dir = await tempDir();
      const config = testConfig({
        DATA_DIR: dir.dir,
        PORT: '0',
        HOST: '127.0.0.1',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'test-secret',
        PUBLIC_URL,
        ENTRA_OPENID_METADATA_URL: metadataUrl,
      });
      assert.equal(config.tab.audience, AUDIENCE);
      app = await createApp(config, { logger: silentLogger, jobIntervalMs: 3_600_000 });
      base = new URL(await listenOnLoopback(app.server)).origin;
    });

    after(async () => {
      await app?.close();
      await dir?.remove();
    });

    const get = (token?: string, query = ''): Promise<Response> =>
      fetch(`${base}/api/tab/me${query}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

    /** A refused request: the status, and a body that is the error code alone (no data). */
    async function assertRefused(res: Response, status: number, error: string): Promise<void> {
      assert.equal(res.status, status);
      assert.deepEqual(await res.json(), { error });
    }

    it("a valid SSO token gets Alex's organization, with the support IDs a Global admin is given", async () => {
      const res = await get(await sign());
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const data = (await res.json()) as TabData;
      assert.equal(data.user.displayName, 'Alex Wilber');
      assert.deepEqual(data.user.roles, ['Global admin']);
      assert.equal(data.demoNotice, null, 'a signed-in user is not a demo identity');
      assert.equal(data.organization.name, 'Contoso');
      assert.equal(data.showsSupportIds, true);
      const actor = { tenantId: DEMO_TENANT_ID, aadObjectId: alex.aadObjectId };
      const benefits = await app.stack.partner.listTechnicalBenefits(actor);
      assert.ok(benefits.ok);
      const active = benefits.value.find((b) => b.accessId);
      assert.ok(active?.accessId && active.contractId, 'the seed has an active benefit with its IDs');
      const shown = data.benefits.find((b) => b.id === active.id);
      assert.equal(shown?.accessId, active.accessId);
      assert.equal(shown?.contractId, active.contractId);
      const renewals = await app.stack.partner.renewals(actor);
      assert.ok(renewals.ok);
      assert.deepEqual(
        data.renewals.map((r) => [r.offerId, r.anniversary.iso, r.windowStart.iso, r.windowEnd.iso]),
        renewals.value.map((r) => [r.offerId, r.anniversary, r.windowStart, r.windowEnd]),
      );
      assert.ok(data.seats.some((s) => s.assignee === 'Adele Vance' && s.reassignableFrom));
    });

    it('accepts the bare app id as audience and the v1 issuer (sts.windows.net)', async () => {
      const res = await get(await sign({ aud: APP_ID, iss: `https://sts.windows.net/${DEMO_TENANT_ID}/` }));
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as TabData).user.displayName, 'Alex Wilber');
    });

    it('answers in the language asked for', async () => {
      const res = await get(await sign(), '?locale=fr-FR');
      const data = (await res.json()) as TabData;
      assert.equal(data.language, 'fr');
      assert.deepEqual(data.user.roles, ['administrateur général']);
    });

    it('a token signed by another key: 401, no data', async () => {
      await assertRefused(await get(await sign({ foreignKey: true })), 401, 'unauthorized');
    });

    it('an expired token: 401, no data', async () => {
      await assertRefused(await get(await sign({ exp: -3600 })), 401, 'unauthorized');
    });

    it('a token for another audience: 401, no data', async () => {
      const aud = 'api://bot.contoso.test/11111111-2222-3333-4444-555555555555';
      await assertRefused(await get(await sign({ aud })), 401, 'unauthorized');
    });

    it("a foreign tenant's token (valid for our app): 401, no data", async () => {
      await assertRefused(await get(await sign({ tid: FOREIGN_TENANT })), 401, 'notInDirectory');
    });

    it("an issuer of another tenant than the token's tid: 401", async () => {
      const iss = `https://login.microsoftonline.com/${FOREIGN_TENANT}/v2.0`;
      await assertRefused(await get(await sign({ iss })), 401, 'unauthorized');
    });

    it('a user of the tenant who is not in the directory: 401, no data', async () => {
      await assertRefused(await get(await sign({ oid: 'not-in-the-directory' })), 401, 'notInDirectory');
    });

    it('no token, or something else than a JWT: 401; the demo identity is never accepted', async () => {
      await assertRefused(await get(undefined), 401, 'unauthorized');
      await assertRefused(await get(undefined, '?as=alex'), 401, 'unauthorized');
      await assertRefused(await get(undefined, '?as=adele'), 401, 'unauthorized');
      await assertRefused(await get('not-a-jwt'), 401, 'unauthorized');
    });

    it('Adele (no admin role) gets the benefits without Access ID or Contract ID', async () => {
      const res = await get(await sign({ oid: adele.aadObjectId }));
      assert.equal(res.status, 200);
      const text = await res.text();
      const data = JSON.parse(text) as TabData;
      assert.equal(data.user.displayName, 'Adele Vance');
      assert.equal(data.showsSupportIds, false);
      assert.ok(data.benefits.length > 0);
      assert.ok(data.benefits.every((b) => b.accessId === null && b.contractId === null));
      const admin = await app.stack.partner.listTechnicalBenefits({
        tenantId: DEMO_TENANT_ID,
        aadObjectId: alex.aadObjectId,
      });
      assert.ok(admin.ok);
      for (const id of admin.value.flatMap((b) => [b.accessId, b.contractId])) {
        if (id) assert.ok(!text.includes(id), `${id} is not in Adele's answer`);
      }
    });

    it('the page says sign-in is on, so it asks Teams for a token', async () => {
      const html = await (await fetch(`${base}/tab`)).text();
      assert.match(html, /"sso":true/);
    });
  });

  describe('with bot authentication off (local use)', () => {
    let app: App;
    let base: string;
    let dir: { dir: string; remove: () => Promise<void> };

    before(async () => {
      dir = await tempDir();
      const config = testConfig({ DATA_DIR: dir.dir, PORT: '0', HOST: '127.0.0.1' });
      assert.equal(config.tab.audience, undefined);
      app = await createApp(config, { logger: silentLogger, jobIntervalMs: 3_600_000 });
      base = new URL(await listenOnLoopback(app.server)).origin;
    });

    after(async () => {
      await app?.close();
      await dir?.remove();
    });

    it('runs as Alex Wilber by default, clearly labelled as a demo identity', async () => {
      const data = (await (await fetch(`${base}/api/tab/me`)).json()) as TabData;
      assert.equal(data.user.displayName, 'Alex Wilber');
      assert.equal(data.demoNotice, enTab.demoNotice('Alex Wilber', ['Global admin']));
      assert.ok(data.benefits.some((b) => b.accessId));
    });

    it('?as=adele is Adele Vance, who sees no Access ID; an unknown name is refused', async () => {
      const data = (await (await fetch(`${base}/api/tab/me?as=adele`)).json()) as TabData;
      assert.equal(data.user.displayName, 'Adele Vance');
      assert.equal(data.demoNotice, enTab.demoNotice('Adele Vance', [enTab.noRole]));
      assert.ok(data.benefits.every((b) => b.accessId === null && b.contractId === null));
      const unknown = await fetch(`${base}/api/tab/me?as=mallory`);
      assert.equal(unknown.status, 401);
      assert.deepEqual(await unknown.json(), { error: 'unauthorized' });
    });

    it('GET /tab: the page in the URL locale and theme, framed only by Teams, with its loading state', async () => {
      const res = await fetch(`${base}/tab?locale=fr-fr&theme=dark`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(
        res.headers.get('content-security-policy') ?? '',
        /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/,
      );
      const html = await res.text();
      assert.match(html, /<html lang="fr" data-theme="dark">/);
      assert.ok(html.includes(`<span id="status-text">${'Chargement de vos avantages…'}</span>`));
      assert.match(html, /"sso":false/);
      const odd = await (await fetch(`${base}/tab?locale=xx&theme=%22%3E%3Cscript%3E`)).text();
      assert.match(odd, /<html lang="en" data-theme="default">/, 'unknown values fall back, nothing is echoed');
    });

    it('GET /tab/app.js and /tab/app.css: the bundle (with teams-js) and styles, revalidated by ETag', async () => {
      const js = await fetch(`${base}/tab/app.js`);
      assert.equal(js.status, 200);
      assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
      const body = await js.text();
      assert.ok(body.length > 10_000 && body.includes('api/tab/me'), 'the bundled page script');
      const etag = js.headers.get('etag');
      assert.ok(etag);
      const again = await fetch(`${base}/tab/app.js`, { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304);
      const css = await fetch(`${base}/tab/app.css`);
      assert.equal(css.status, 200);
      const styles = await css.text();
      for (const theme of ['dark', 'contrast']) assert.ok(styles.includes(`[data-theme='${theme}']`), theme);
      assert.ok(styles.includes('.chart-window') && styles.includes('.table-wrap'), 'every stylesheet is in it');
    });
  });

  it("a single-tenant bot's verifier accepts its own tenant's tokens only", async () => {
    const verify = createTokenVerifier({
      metadataUrl,
      audience: AUDIENCE,
      appId: APP_ID,
      tenantId: DEMO_TENANT_ID,
      clock: () => new Date(),
    });
    assert.deepEqual(await verify(await sign()), {
      ok: true,
      value: { tenantId: DEMO_TENANT_ID, aadObjectId: alex.aadObjectId },
    });
    const foreign = await verify(await sign({ tid: FOREIGN_TENANT }));
    assert.ok(!foreign.ok);
    assert.equal(foreign.error.kind, 'invalid');
  });

  it('a key set that cannot be read is our problem (unavailable), not a bad token', async () => {
    const verify = createTokenVerifier({
      metadataUrl: 'http://127.0.0.1:1/common/v2.0/.well-known/openid-configuration',
      audience: AUDIENCE,
      appId: APP_ID,
      clock: () => new Date(),
      timeoutMs: 2000,
    });
    const result = await verify(await sign());
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'unavailable');
  });
});
