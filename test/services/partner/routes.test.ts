import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { registerPartnerApi } from '../../../src/services/partner/http/routes';
import type { PartnerService } from '../../../src/services/partner/partnerService';
import { RemotePartnerService } from '../../../src/services/partner/remote/remotePartnerService';
import { fail, ok, type Result, type ServiceError } from '../../../src/services/partner/result';
import type { Actor, DirectoryUser, Permission, TechnicalBenefit } from '../../../src/services/partner/schemas';
import { silentLogger } from '../../support/fixtures';

const TOKEN = 'routes-test-token';
const actor: Actor = { tenantId: 'tenant-1', aadObjectId: 'aad-1' };
const actorHeaders = { 'x-ms-actor-tenant-id': actor.tenantId, 'x-ms-actor-object-id': actor.aadObjectId };

const ann: DirectoryUser = {
  id: 'u-1',
  aadObjectId: 'aad-1',
  displayName: 'Ann',
  email: 'ann@example.org',
  roles: ['MpnPartnerAdmin'],
};
const benefit: TechnicalBenefit = {
  id: 'tb-1',
  offerId: 'offer-1',
  kind: 'ProductSupport',
  entitlement: { kind: 'incidents', count: 10 },
  status: 'Pending',
  contactUserId: 'u-2',
  alternateEmail: 'alt@example.org',
  accessId: null,
  contractId: null,
  activatedBy: 'u-1',
  activationRequestedAt: '2025-01-02T03:04:05.000Z',
  expectedActiveAt: '2025-01-02T03:06:05.000Z',
  activatedAt: null,
  expiresOn: '2025-12-31',
};

/** Records each call and answers with `next` (one result for every method), or throws when asked to. */
class StubService implements PartnerService {
  readonly calls: { method: string; args: unknown[] }[] = [];
  next: Result<unknown> | 'throw' = ok([]);

  private answer<T>(method: string, args: unknown[], value: T): Promise<Result<T>> {
    this.calls.push({ method, args });
    const next = this.next;
    if (next === 'throw') return Promise.reject(new Error('bug in the service'));
    return Promise.resolve(next.ok ? ok(value) : fail(next.error));
  }
  snapshot = (a: Actor) =>
    this.answer('snapshot', [a], {
      organization: { mpnId: '1234567', name: 'Contoso', tenantId: 'tenant-1', accountEmail: 'pc@contoso.example' },
      me: ann,
      offers: [],
    });
  authorize = (a: Actor, p: Permission) => this.answer('authorize', [a, p], ann);
  listTechnicalBenefits = (a: Actor) => this.answer('listTechnicalBenefits', [a], [benefit]);
  activateTechnicalBenefit = (a: Actor, r: unknown) => this.answer('activateTechnicalBenefit', [a, r], benefit);
  listSubscriptions = (a: Actor) => this.answer('listSubscriptions', [a], []);
  assignSubscription = (a: Actor, r: unknown) =>
    this.answer('assignSubscription', [a, r], {
      id: 's-1',
      offerId: 'offer-1',
      edition: 'Professional' as const,
      assigneeUserId: 'u-2',
      assignedOn: '2025-01-02',
      reassignableFrom: '2025-04-02',
    });
  findUsers = (a: Actor, q: string) => this.answer('findUsers', [a, q], []);
  getUsers = (a: Actor, ids: readonly string[]) => this.answer('getUsers', [a, ids], []);
  listProductBenefits = (a: Actor) => this.answer('listProductBenefits', [a], []);
  renewals = (a: Actor, today?: string) => this.answer('renewals', [a, today], []);
  auditSince = (after: number, limit: number) => this.answer('auditSince', [after, limit], []);
  close = async (): Promise<void> => {};
}

describe('partner REST API routes', () => {
  const stub = new StubService();
  let server: restify.Server;
  let baseUrl: string;

  before(async () => {
    server = restify.createServer();
    // The documented prerequisites: a JSON body parser; queryParser is optional and harmless.
    server.use(restify.plugins.bodyParser());
    server.use(restify.plugins.queryParser());
    registerPartnerApi(server, stub, { token: TOKEN, logger: silentLogger });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address: AddressInfo | string | null = server.address();
    assert.ok(address !== null && typeof address === 'object');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
  });
  beforeEach(() => {
    stub.calls.length = 0;
    stub.next = ok([]);
  });

  const call = async (
    path: string,
    init: { method?: string; token?: string | null; headers?: Record<string, string>; body?: unknown } = {},
  ) => {
    const headers: Record<string, string> = { ...actorHeaders, ...init.headers };
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const json: unknown = await res.json();
    return { status: res.status, json, headers: res.headers };
  };

  it('needs the bearer token: 401 without it or with a wrong one, and the service is not called', async () => {
    for (const token of [null, 'wrong-token', `${TOKEN}x`, '']) {
      const res = await call('/v1/technical-benefits', { token });
      assert.equal(res.status, 401, `token ${String(token)}`);
      assert.deepEqual(res.json, { error: { code: 'Unauthorized' } });
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
    const audit = await call('/v1/audit?after=0&limit=10', { token: 'nope' });
    assert.equal(audit.status, 401);
    assert.equal(stub.calls.length, 0);
  });

  it('answers { value } with the right token and hands the actor from the headers to the service', async () => {
    const res = await call('/v1/technical-benefits');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { value: [benefit] });
    assert.deepEqual(stub.calls, [{ method: 'listTechnicalBenefits', args: [actor] }]);
  });

  it('checks a permission by name and refuses an unknown one', async () => {
    assert.deepEqual((await call('/v1/permissions/activateBenefits')).json, { value: ann });
    assert.equal((await call('/v1/permissions/deleteEverything')).status, 400);
    assert.deepEqual(stub.calls, [{ method: 'authorize', args: [actor, 'activateBenefits'] }]);
  });

  it('refuses a request without actor headers with 400 and the issues', async () => {
    const res = await call('/v1/organization', { headers: { 'x-ms-actor-object-id': '' } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, {
      error: {
        code: 'BadRequest',
        message: 'invalid actor headers',
        issues: [{ path: 'aadObjectId', message: 'Invalid input: expected string, received undefined' }],
      },
    });
    assert.equal(stub.calls.length, 0);
  });

  it('activates with the benefit id from the path and the requestId from the body', async () => {
    const body = { requestId: 'req-12345678', contactUserId: 'u-2', alternateEmail: 'alt@example.org' };
    const res = await call('/v1/technical-benefits/tb%2F1/activate', { method: 'POST', body });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { value: benefit });
    assert.deepEqual(stub.calls, [
      { method: 'activateTechnicalBenefit', args: [actor, { ...body, benefitId: 'tb/1' }] },
    ]);
  });

  it('refuses a bad body with 400 and the issues, before the service', async () => {
    const cases: { path: string; body: unknown; issue: string }[] = [
      {
        path: '/v1/technical-benefits/tb-1/activate',
        body: { contactUserId: 'u-2', alternateEmail: 'a@b.org' },
        issue: 'requestId',
      },
      {
        path: '/v1/technical-benefits/tb-1/activate',
        body: { requestId: 'short', contactUserId: 'u-2', alternateEmail: 'a@b.org' },
        issue: 'requestId',
      },
      {
        path: '/v1/subscriptions/s-1/assign',
        body: { requestId: 'req-12345678', assigneeUserId: 'u-2', extra: 1 },
        issue: '',
      },
      {
        path: '/v1/subscriptions/s-1/assign',
        body: { requestId: 'req-12345678', assigneeUserId: 42 },
        issue: 'assigneeUserId',
      },
    ];
    for (const c of cases) {
      const res = await call(c.path, { method: 'POST', body: c.body });
      assert.equal(res.status, 400, JSON.stringify(c.body));
      const error = (res.json as { error: { code: string; issues: { path: string }[] } }).error;
      assert.equal(error.code, 'BadRequest');
      assert.equal(error.issues[0]?.path, c.issue);
    }
    const empty = await call('/v1/subscriptions/s-1/assign', { method: 'POST' });
    assert.equal(empty.status, 400);
    assert.equal(stub.calls.length, 0);
  });

  it('routes /v1/users by ?q= or ?ids=, and refuses both or neither', async () => {
    assert.equal((await call('/v1/users?q=Ann%C3%A9e')).status, 200);
    assert.equal((await call('/v1/users?ids=u-1,u-2')).status, 200);
    assert.equal((await call('/v1/users?ids=')).status, 200);
    assert.deepEqual(stub.calls, [
      { method: 'findUsers', args: [actor, 'Année'] },
      { method: 'getUsers', args: [actor, ['u-1', 'u-2']] },
      { method: 'getUsers', args: [actor, []] },
    ]);
    assert.equal((await call('/v1/users?q=a&ids=u-1')).status, 400);
    assert.equal((await call('/v1/users')).status, 400);
    assert.equal(stub.calls.length, 3);
  });

  it('checks renewals and audit query parameters', async () => {
    assert.equal((await call('/v1/renewals?today=2025-09-02')).status, 200);
    assert.equal((await call('/v1/renewals')).status, 200);
    assert.equal((await call('/v1/renewals?today=2025-02-30')).status, 400);
    // The audit feed needs no actor.
    assert.equal(
      (
        await call('/v1/audit?after=7&limit=50', {
          headers: { 'x-ms-actor-tenant-id': '', 'x-ms-actor-object-id': '' },
        })
      ).status,
      200,
    );
    for (const bad of [
      'after=-1&limit=5',
      'after=&limit=5',
      'after=1&limit=0',
      'after=1&limit=1001',
      'after=1.5&limit=5',
      'limit=5',
    ]) {
      assert.equal((await call(`/v1/audit?${bad}`)).status, 400, bad);
    }
    assert.deepEqual(stub.calls, [
      { method: 'renewals', args: [actor, '2025-09-02'] },
      { method: 'renewals', args: [actor, undefined] },
      { method: 'auditSince', args: [7, 50] },
    ]);
  });

  const errors: [ServiceError, number][] = [
    [{ code: 'NotInDirectory' }, 403],
    [
      {
        code: 'Forbidden',
        requiredRoles: ['GlobalAdmin'],
        globalAdmins: [{ id: 'u-9', displayName: 'Gil', email: 'gil@example.org' }],
      },
      403,
    ],
    [{ code: 'NotFound', what: 'benefit', id: 'tb-9' }, 404],
    [{ code: 'Invalid', field: 'alternateEmail', reason: 'sameAsAccountEmail' }, 422],
    [{ code: 'AlreadyActivated', status: 'Pending' }, 409],
    [{ code: 'AlreadyAssignedToUser' }, 409],
    [{ code: 'ReassignTooSoon', reassignableFrom: '2025-04-02' }, 409],
    [{ code: 'RequestIdReused' }, 409],
  ];

  it('maps each ServiceError to its status with { error } as the body', async () => {
    for (const [error, status] of errors) {
      stub.next = fail(error);
      const res = await call('/v1/subscriptions/s-1/assign', {
        method: 'POST',
        body: { requestId: 'req-12345678', assigneeUserId: 'u-2' },
      });
      assert.equal(res.status, status, error.code);
      assert.deepEqual(res.json, { error });
    }
  });

  it('gives each ServiceError back, typed, to the remote client (no retry on 4xx)', async () => {
    const remote = new RemotePartnerService({
      baseUrl,
      token: TOKEN,
      timeoutMs: 2000,
      logger: silentLogger,
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
    });
    for (const [error] of errors) {
      stub.calls.length = 0;
      stub.next = fail(error);
      assert.deepEqual(
        await remote.assignSubscription(actor, {
          requestId: 'req-12345678',
          subscriptionId: 's 1/2',
          assigneeUserId: 'u-2',
        }),
        fail(error),
      );
      assert.deepEqual(stub.calls, [
        {
          method: 'assignSubscription',
          args: [actor, { requestId: 'req-12345678', assigneeUserId: 'u-2', subscriptionId: 's 1/2' }],
        },
      ]);
    }
  });

  it('answers 500 without details when the service throws (a bug)', async () => {
    stub.next = 'throw';
    const res = await call('/v1/subscriptions');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json, { error: { code: 'Internal' } });
  });
});
