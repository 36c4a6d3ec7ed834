import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import pino from 'pino';
import restify from 'restify';
import { openDb, type Db } from '../../../src/services/db/db';
import { migrate } from '../../../src/services/db/migrate';
import { createEmbeddedPartnerService, type EmbeddedPartnerService } from '../../../src/services/partner/embedded';
import { registerPartnerApi } from '../../../src/services/partner/http/routes';
import { seedDemoOrganization } from '../../../src/services/partner/seed';
import { RemotePartnerService } from '../../../src/services/partner/remote/remotePartnerService';
import type { RetryOptions } from '../../../src/services/partner/remote/transport';
import type { Result } from '../../../src/services/partner/result';
import type { Actor, VsSubscription } from '../../../src/services/partner/schemas';
import { errorText } from '../../../dialogs/serviceErrors';
import { taskStrings } from '../../../src/i18n';
import { silentLogger, tempDir } from '../../support/fixtures';
import { CONTRACT_ACTIVATION_DELAY_SECONDS, partnerServiceContract, type MutableClock } from './contract';
import { ALEX, MEGAN, PATTI, auditMark, auditAfter, requestId, value } from './contract/helpers';
import { FakePartnerApi, json } from './fakePartnerApi';

const actor: Actor = { tenantId: 'tenant-1', aadObjectId: 'aad-1' };
const fastRetry: RetryOptions = { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 30 };
const seat: VsSubscription = {
  id: 's-1',
  offerId: 'o-1',
  edition: 'Professional',
  assigneeUserId: 'u-2',
  assignedOn: '2025-01-02',
  reassignableFrom: '2025-04-02',
};

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines, retries: () => lines.filter((l) => l.msg === 'partner API call retried') };
}

function unavailableDetail<T>(result: Result<T>): string {
  assert.ok(!result.ok, `expected Unavailable, got ${JSON.stringify(result)}`);
  assert.equal(result.error.code, 'Unavailable');
  return 'detail' in result.error ? String(result.error.detail) : '';
}

describe('RemotePartnerService resilience (against a scripted API on 127.0.0.1)', () => {
  const api = new FakePartnerApi();
  let baseUrl: string;
  const client = (over: { timeoutMs?: number; retry?: RetryOptions; logger?: pino.Logger; token?: string } = {}) =>
    new RemotePartnerService({
      baseUrl,
      token: over.token ?? 'secret',
      timeoutMs: over.timeoutMs ?? 2000,
      logger: over.logger ?? silentLogger,
      retry: over.retry ?? fastRetry,
    });

  before(async () => {
    baseUrl = await api.start();
  });
  after(() => api.stop());
  beforeEach(() => api.reset());

  it('sends the token, the actor headers and the checked body, and reads { value }', async () => {
    api.reset([json(200, { value: seat })]);
    const result = await client().assignSubscription(actor, {
      requestId: 'req-12345678',
      subscriptionId: 's/1',
      assigneeUserId: 'u-2',
    });
    assert.deepEqual(result, { ok: true, value: seat });
    const [req] = api.received;
    assert.ok(req);
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/v1/subscriptions/s%2F1/assign');
    assert.equal(req.headers.authorization, 'Bearer secret');
    assert.equal(req.headers['x-ms-actor-tenant-id'], 'tenant-1');
    assert.equal(req.headers['x-ms-actor-object-id'], 'aad-1');
    assert.deepEqual(JSON.parse(req.body), { requestId: 'req-12345678', assigneeUserId: 'u-2' });
  });

  it('waits as Retry-After says (capped at maxDelayMs) after a 429, then succeeds', async () => {
    api.reset([
      json(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '1' }),
      json(200, { value: [seat] }),
    ]);
    const log = capturingLogger();
    const result = await client({ logger: log.logger }).listSubscriptions(actor);
    assert.deepEqual(result, { ok: true, value: [seat] });
    assert.equal(api.attempts, 2);
    // 1 s asked, capped at 30 ms; the jittered backoff alone would wait under 2 ms here.
    assert.deepEqual(
      log.retries().map((l) => [l.status, l.delayMs]),
      [[429, 30]],
    );

    api.reset([json(429, {}, { 'retry-after': '0' }), json(200, { value: [] })]);
    const now = capturingLogger();
    assert.deepEqual(
      await client({ logger: now.logger, retry: { ...fastRetry, initialDelayMs: 25 } }).listSubscriptions(actor),
      { ok: true, value: [] },
    );
    assert.deepEqual(
      now.retries().map((l) => l.delayMs),
      [0],
    );
  });

  it('retries 503 twice and succeeds on the third attempt', async () => {
    api.reset([json(503, {}), json(503, {}), json(200, { value: [] })]);
    const log = capturingLogger();
    assert.deepEqual(await client({ logger: log.logger }).listProductBenefits(actor), { ok: true, value: [] });
    assert.equal(api.attempts, 3);
    assert.deepEqual(
      log.retries().map((l) => l.attempt),
      [1, 2],
    );
  });

  it('gives up as Unavailable after maxAttempts 5xx answers', async () => {
    api.reset([json(500, { error: { code: 'Internal' } })]);
    const detail = unavailableDetail(await client().listSubscriptions(actor));
    assert.equal(api.attempts, 3);
    assert.match(detail, /GET \/v1\/subscriptions: HTTP 500 after 3 attempts/);
  });

  it('hides Access ID and Contract ID from a non-admin even when the API sends them', async () => {
    const benefit = {
      id: 'tb-1',
      offerId: 'o-1',
      kind: 'ProductSupport',
      entitlement: { kind: 'incidents', count: 10 },
      status: 'Active',
      contactUserId: null,
      alternateEmail: null,
      accessId: 'ACC-0000000001',
      contractId: 'CON-00000001',
      activatedBy: 'u-1',
      activationRequestedAt: '2025-01-01T00:00:00.000Z',
      expectedActiveAt: '2025-01-01T00:02:00.000Z',
      activatedAt: '2025-01-01T00:02:00.000Z',
      expiresOn: '2025-09-01',
    };
    const snapshotFor = (roles: string[]) => ({
      organization: { mpnId: '1234567', name: 'Contoso', tenantId: 'tenant-1', accountEmail: 'pc@contoso.example' },
      me: { id: 'u-2', aadObjectId: 'aad-1', displayName: 'Ann', email: 'ann@contoso.example', roles },
      offers: [],
    });
    for (const [roles, ids] of [
      [[], [null, null]],
      [['MpnPartnerAdmin'], ['ACC-0000000001', 'CON-00000001']],
    ] as const) {
      api.reset();
      api.handler = async (req) =>
        json(200, { value: req.url.startsWith('/v1/organization') ? snapshotFor([...roles]) : [benefit] });
      const [listed] = value(await client().listTechnicalBenefits(actor));
      assert.deepEqual([listed?.accessId, listed?.contractId], ids, roles.join());
    }
  });

  it('turns a response slower than timeoutMs into Unavailable, without retrying it', async () => {
    api.reset([{ ...json(200, { value: [] }), delayMs: 300 }]);
    const detail = unavailableDetail(await client({ timeoutMs: 40 }).listSubscriptions(actor));
    assert.match(detail, /timed out after 40 ms/);
    assert.equal(api.attempts, 1);
  });

  it('turns malformed JSON or a body that breaks the schema into Unavailable, without retrying', async () => {
    api.reset([{ status: 200, body: '{"value": [' }]);
    assert.match(unavailableDetail(await client().listSubscriptions(actor)), /malformed response \(not JSON\)/);
    assert.equal(api.attempts, 1);

    api.reset([json(200, { value: [{ ...seat, edition: 'Ultimate' }] })]);
    assert.match(
      unavailableDetail(await client().listSubscriptions(actor)),
      /malformed response \(value\.0\.edition: /,
    );

    // A 4xx whose body is not a ServiceError is not trusted either.
    api.reset([json(409, { error: { code: 'Conflict' } })]);
    assert.match(unavailableDetail(await client().listSubscriptions(actor)), /HTTP 409$/);
    assert.equal(api.attempts, 1);
  });

  it(
    'turns a refused token (401, or a 403 that is no service error) ' + 'into Misconfigured, without retrying',
    async () => {
      for (const status of [401, 403]) {
        api.reset([json(status, { error: { code: 'Unauthorized' } }), json(200, { value: [] })]);
        const log = capturingLogger();
        const result = await client({ token: 'wrong', logger: log.logger }).listSubscriptions(actor);
        assert.ok(!result.ok);
        assert.equal(result.error.code, 'Misconfigured');
        assert.match(
          'detail' in result.error ? result.error.detail : '',
          new RegExp(`GET /v1/subscriptions: the partner API refused the token \\(${status}\\)`),
        );
        assert.equal(api.attempts, 1, `HTTP ${status} is not retried`);
        assert.ok(log.lines.some((l) => l.msg === 'partner API refused the token: check PARTNER_API_TOKEN'));
      }
    },
  );

  it("keeps a 403 that names the user's problem as that problem, not Misconfigured", async () => {
    api.reset([json(403, { error: { code: 'NotInDirectory' } })]);
    assert.deepEqual(await client().snapshot(actor), { ok: false, error: { code: 'NotInDirectory' } });
  });

  it(
    'tells the user a refused token is a setup problem for the admin, ' + 'in English and French, not "try again"',
    async () => {
      api.reset([json(401, { error: { code: 'Unauthorized' } })]);
      const result = await client({ token: 'wrong' }).renewals(actor);
      assert.ok(!result.ok);
      const en = errorText(result.error, 'en');
      const fr = errorText(result.error, 'fr');
      assert.equal(en, taskStrings.en.misconfigured);
      assert.equal(fr, taskStrings.fr.misconfigured);
      assert.match(en, /not set up correctly.*ask your admin/is);
      assert.match(fr, /pas configurée correctement.*administrateur/is);
      assert.doesNotMatch(en, /try again/i);
      assert.doesNotMatch(fr, /réessayez/i);
    },
  );

  it('pings GET /v1/health once, with its own timeout and no retry', async () => {
    api.reset([json(200, { value: { status: 'ok' } })]);
    assert.deepEqual(await client().ping(500), { ok: true, value: undefined });
    assert.equal(api.received[0]?.url, '/v1/health');
    assert.equal(api.received[0]?.headers.authorization, 'Bearer secret');

    api.reset([json(503, {})]);
    assert.match(unavailableDetail(await client().ping(500)), /GET \/v1\/health: HTTP 503 after 1 attempts/);
    assert.equal(api.attempts, 1);

    api.reset([{ ...json(200, { value: { status: 'ok' } }), delayMs: 300 }]);
    assert.match(unavailableDetail(await client({ timeoutMs: 5000 }).ping(40)), /timed out after 40 ms/);
  });

  it('retries network errors, then reports Unavailable', async () => {
    // A port that was free a moment ago: connections are refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    assert.ok(address !== null && typeof address === 'object');
    await new Promise<void>((resolve) => {
      closed.close(() => resolve());
    });
    const log = capturingLogger();
    const service = new RemotePartnerService({
      baseUrl: `http://127.0.0.1:${address.port}`,
      token: 't',
      timeoutMs: 500,
      logger: log.logger,
      retry: fastRetry,
    });
    assert.match(
      unavailableDetail(await service.listSubscriptions(actor)),
      /GET \/v1\/subscriptions failed: fetch failed: .*ECONNREFUSED/,
    );
    assert.equal(log.retries().length, 2);
  });

  it('checks requests before sending: a bad one is Invalid and never travels', async () => {
    const service = client();
    assert.deepEqual(
      await service.activateTechnicalBenefit(actor, {
        requestId: 'short',
        benefitId: 'tb-1',
        contactUserId: 'u-2',
        alternateEmail: 'a@b.org',
      }),
      {
        ok: false,
        error: { code: 'Invalid', field: 'requestId', reason: 'malformed' },
      },
    );
    assert.deepEqual(
      await service.assignSubscription(actor, { requestId: 'req-12345678', subscriptionId: 's-1', assigneeUserId: '' }),
      {
        ok: false,
        error: { code: 'Invalid', field: 'assigneeUserId', reason: 'required' },
      },
    );
    assert.deepEqual(await service.getUsers(actor, ['u-1', 'a,b']), {
      ok: false,
      error: { code: 'Invalid', field: 'ids', reason: 'malformed' },
    });
    assert.deepEqual(await service.renewals(actor, '2025-13-01'), {
      ok: false,
      error: { code: 'Invalid', field: 'today', reason: 'malformed' },
    });
    assert.deepEqual(await service.auditSince(1, 1001), {
      ok: false,
      error: { code: 'Invalid', field: 'limit', reason: 'malformed' },
    });
    assert.deepEqual(await service.auditSince(-1, 10), {
      ok: false,
      error: { code: 'Invalid', field: 'afterId', reason: 'malformed' },
    });
    assert.deepEqual(await service.snapshot({ tenantId: '', aadObjectId: 'x' }), {
      ok: false,
      error: { code: 'NotInDirectory' },
    });
    assert.equal(api.attempts, 0);
  });
});

const TODAY = '2025-05-20';
const TOKEN = 'remote-test-token';
// The embedded service's tables; TRUNCATE without CASCADE fails loudly if a new table points at them.
const PARTNER_TABLES =
  'organization, directory_users, offers, technical_benefits, vs_subscriptions, product_benefits, ' +
  'audit_log, idempotency';

describe('RemotePartnerService over the real REST API (routes over the embedded service, PGlite)', () => {
  const clock: MutableClock = { now: new Date(`${TODAY}T12:00:00.000Z`) };
  let db: Db;
  let removeDir: () => Promise<void>;
  let embedded: EmbeddedPartnerService;
  let server: restify.Server;
  let baseUrl: string;
  const reseed = async (): Promise<void> => {
    await db.exec(`TRUNCATE ${PARTNER_TABLES} RESTART IDENTITY`);
    await seedDemoOrganization(db, TODAY);
  };
  const remote = (url = baseUrl, token = TOKEN): RemotePartnerService =>
    new RemotePartnerService({ baseUrl: url, token, timeoutMs: 5000, logger: silentLogger, retry: fastRetry });

  before(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    db = await openDb({ kind: 'pglite', dir: temp.dir });
    await migrate(db, silentLogger);
    await seedDemoOrganization(db, TODAY);
    embedded = createEmbeddedPartnerService({
      db,
      clock: () => clock.now,
      activationDelaySeconds: CONTRACT_ACTIVATION_DELAY_SECONDS,
      logger: silentLogger,
    });
    server = restify.createServer();
    server.use(restify.plugins.bodyParser());
    server.use(restify.plugins.queryParser());
    registerPartnerApi(server, embedded, { token: TOKEN, logger: silentLogger });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
    await db.close();
    await removeDir();
  });

  // The activation processor is the server's own: it runs beside the API, as scripts/partner-api.ts does.
  partnerServiceContract('remote over HTTP', async () => ({
    service: remote(),
    processor: embedded,
    today: TODAY,
    clock,
    reset: reseed,
  }));

  describe('through a proxy that fails the first POST after forwarding it', () => {
    const proxy = new FakePartnerApi();
    let proxyUrl: string;
    before(async () => {
      proxyUrl = await proxy.start();
    });
    after(() => proxy.stop());
    beforeEach(async () => {
      await reseed();
      proxy.reset();
      let posts = 0;
      proxy.handler = async (req) => {
        const res = await fetch(`${baseUrl}${req.url}`, {
          method: req.method,
          headers: forwarded(req.headers),
          body: req.method === 'POST' ? req.body : undefined,
        });
        const body = await res.text();
        posts += req.method === 'POST' ? 1 : 0;
        // The change is made, the answer is lost: the client cannot tell and retries.
        return req.method === 'POST' && posts === 1
          ? json(500, { error: { code: 'Internal' } })
          : { status: res.status, body };
      };
    });

    it('activates once: the retry replays the first outcome', async () => {
      const service = remote(proxyUrl);
      const mark = await auditMark(service);
      const request = {
        requestId: requestId(),
        benefitId: 'tb-gcp-signature-cloud',
        contactUserId: 'user-helenec',
        alternateEmail: 'helene@example.fr',
      };
      const benefit = value(await service.activateTechnicalBenefit(MEGAN, request));
      assert.equal(benefit.status, 'Pending');
      assert.equal(proxy.received.filter((r) => r.method === 'POST').length, 2);
      assert.deepEqual(
        (await auditAfter(service, mark)).map((e) => [e.action, e.targetId]),
        [['benefit.activationRequested', 'tb-gcp-signature-cloud']],
      );
      const listed = value(await service.listTechnicalBenefits(MEGAN)).find((b) => b.id === benefit.id);
      assert.deepEqual(listed, benefit);
    });

    it('assigns once: the retry replays the first outcome', async () => {
      const service = remote(proxyUrl);
      const mark = await auditMark(service);
      const seat = value(
        await service.assignSubscription(ALEX, {
          requestId: requestId(),
          subscriptionId: 'vs-ap-5',
          assigneeUserId: 'user-pattif',
        }),
      );
      assert.equal(seat.assigneeUserId, 'user-pattif');
      assert.equal(proxy.received.filter((r) => r.method === 'POST').length, 2);
      assert.deepEqual(
        (await auditAfter(service, mark)).map((e) => [e.action, e.targetId]),
        [['subscription.assigned', 'vs-ap-5']],
      );
      assert.deepEqual(
        value(await service.listSubscriptions(PATTI)).find((s) => s.id === 'vs-ap-5'),
        seat,
      );
    });
  });

  it('reports a wrong token as Misconfigured: the real API answers 401', async () => {
    const result = await remote(baseUrl, 'not-the-token').listSubscriptions(ALEX);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'Misconfigured');
    assert.match('detail' in result.error ? result.error.detail : '', /refused the token \(401\)/);
  });

  it('answers the health ping with the right token and refuses it with a wrong one', async () => {
    assert.deepEqual(await remote().ping(1000), { ok: true, value: undefined });
    const refused = await remote(baseUrl, 'not-the-token').ping(1000);
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'Misconfigured');
  });
});

/** The headers the API reads, passed on as they came. */
function forwarded(headers: IncomingHttpHeaders): Record<string, string> {
  const names = ['authorization', 'content-type', 'x-ms-actor-tenant-id', 'x-ms-actor-object-id'];
  return Object.fromEntries(
    names.flatMap((name) => (typeof headers[name] === 'string' ? [[name, headers[name]]] : [])),
  );
}
