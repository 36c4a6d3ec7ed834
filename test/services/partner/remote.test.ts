import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import pino from 'pino';
import { RemotePartnerService } from '../../../src/services/partner/remote/remotePartnerService';
import type { RetryOptions } from '../../../src/services/partner/remote/transport';
import type { Result } from '../../../src/services/partner/result';
import type { Actor, VsSubscription } from '../../../src/services/partner/schemas';
import { silentLogger } from '../../support/fixtures';
import { FakePartnerApi, json } from './fakePartnerApi';

const actor: Actor = { tenantId: 'tenant-1', aadObjectId: 'aad-1' };
const fastRetry: RetryOptions = { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 30 };
const seat: VsSubscription = { id: 's-1', offerId: 'o-1', edition: 'Professional', assigneeUserId: 'u-2', assignedOn: '2025-01-02', reassignableFrom: '2025-04-02' };

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
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
    new RemotePartnerService({ baseUrl, token: over.token ?? 'secret', timeoutMs: over.timeoutMs ?? 2000, logger: over.logger ?? silentLogger, retry: over.retry ?? fastRetry });

  before(async () => {
    baseUrl = await api.start();
  });
  after(() => api.stop());
  beforeEach(() => api.reset());

  it('sends the token, the actor headers and the checked body, and reads { value }', async () => {
    api.reset([json(200, { value: seat })]);
    const result = await client().assignSubscription(actor, { requestId: 'req-12345678', subscriptionId: 's/1', assigneeUserId: 'u-2' });
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
    api.reset([json(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '1' }), json(200, { value: [seat] })]);
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
    assert.deepEqual(await client({ logger: now.logger, retry: { ...fastRetry, initialDelayMs: 25 } }).listSubscriptions(actor), { ok: true, value: [] });
    assert.deepEqual(now.retries().map((l) => l.delayMs), [0]);
  });

  it('retries 503 twice and succeeds on the third attempt', async () => {
    api.reset([json(503, {}), json(503, {}), json(200, { value: [] })]);
    const log = capturingLogger();
    assert.deepEqual(await client({ logger: log.logger }).listProductBenefits(actor), { ok: true, value: [] });
    assert.equal(api.attempts, 3);
    assert.deepEqual(log.retries().map((l) => l.attempt), [1, 2]);
  });

  it('gives up as Unavailable after maxAttempts 5xx answers', async () => {
    api.reset([json(500, { error: { code: 'Internal' } })]);
    const detail = unavailableDetail(await client().listTechnicalBenefits(actor));
    assert.equal(api.attempts, 3);
    assert.match(detail, /GET \/v1\/technical-benefits: HTTP 500 after 3 attempts/);
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
    assert.match(unavailableDetail(await client().listSubscriptions(actor)), /malformed response \(value\.0\.edition: /);

    // A 4xx whose body is not a ServiceError is not trusted either.
    api.reset([json(409, { error: { code: 'Conflict' } })]);
    assert.match(unavailableDetail(await client().listSubscriptions(actor)), /HTTP 409$/);
    assert.equal(api.attempts, 1);
  });

  it('turns a refused token into Unavailable, without retrying', async () => {
    api.reset([json(401, { error: { code: 'Unauthorized' } })]);
    assert.match(unavailableDetail(await client({ token: 'wrong' }).snapshot(actor)), /refused the token \(401\)/);
    assert.equal(api.attempts, 1);
  });

  it('retries network errors, then reports Unavailable', async () => {
    // A port that was free a moment ago: connections are refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    assert.ok(address !== null && typeof address === 'object');
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const log = capturingLogger();
    const service = new RemotePartnerService({ baseUrl: `http://127.0.0.1:${address.port}`, token: 't', timeoutMs: 500, logger: log.logger, retry: fastRetry });
    assert.match(unavailableDetail(await service.listSubscriptions(actor)), /GET \/v1\/subscriptions failed: fetch failed: .*ECONNREFUSED/);
    assert.equal(log.retries().length, 2);
  });

  it('checks requests before sending: a bad one is Invalid and never travels', async () => {
    const service = client();
    assert.deepEqual(await service.activateTechnicalBenefit(actor, { requestId: 'short', benefitId: 'tb-1', contactUserId: 'u-2', alternateEmail: 'a@b.org' }), {
      ok: false,
      error: { code: 'Invalid', field: 'requestId', reason: 'malformed' },
    });
    assert.deepEqual(await service.assignSubscription(actor, { requestId: 'req-12345678', subscriptionId: 's-1', assigneeUserId: '' }), {
      ok: false,
      error: { code: 'Invalid', field: 'assigneeUserId', reason: 'required' },
    });
    assert.deepEqual(await service.getUsers(actor, ['u-1', 'a,b']), { ok: false, error: { code: 'Invalid', field: 'ids', reason: 'malformed' } });
    assert.deepEqual(await service.renewals(actor, '2025-13-01'), { ok: false, error: { code: 'Invalid', field: 'today', reason: 'malformed' } });
    assert.deepEqual(await service.auditSince(-1, 10), { ok: false, error: { code: 'Invalid', field: 'after', reason: 'malformed' } });
    assert.deepEqual(await service.snapshot({ tenantId: '', aadObjectId: 'x' }), { ok: false, error: { code: 'NotInDirectory' } });
    assert.equal(api.attempts, 0);
  });
});
