import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type restify from 'restify';
import type { z } from 'zod';
import type { PartnerService } from '../partnerService';
import type { Result } from '../result';
import { actorSchema, type Actor } from '../schemas';
import {
  activateBodySchema,
  actorHeaders,
  assignBodySchema,
  auditQuerySchema,
  pathIdSchema,
  pathPermissionSchema,
  renewalsQuerySchema,
  statusOf,
  usersQuerySchema,
} from './api';

export interface PartnerApiOptions {
  /** Shared secret every request must present as `Authorization: Bearer <token>`. */
  readonly token: string;
  readonly logger: Logger;
}

type Reply = { readonly status: number; readonly body: unknown };
type Handler = (req: restify.Request, query: URLSearchParams) => Promise<Reply>;
type ActorHandler = (actor: Actor, req: restify.Request, query: URLSearchParams) => Promise<Reply>;

/**
 * Serves `service` as a Partner-Center-style REST API under /v1 (see api.ts for the wire contract).
 *
 * The caller must have `server.use(restify.plugins.bodyParser())` in place: POST bodies are read from
 * `req.body`. Query strings are read from the raw URL, so `queryParser()` may or may not be in use.
 * Every route needs the bearer token; all but /v1/audit also need the actor headers. In a real
 * deployment the actor would come from a delegated user token, not from headers the caller chooses:
 * the bearer token here stands for a trusted backend (the bot) acting for its Teams users.
 */
export function registerPartnerApi(server: restify.Server, service: PartnerService, options: PartnerApiOptions): void {
  const log = options.logger;
  const expected = digest(options.token);

  const route = (handler: Handler) => async (req: restify.Request, res: restify.Response) => {
    const reply = await authenticated(req, handler).catch((error: unknown): Reply => {
      log.error({ err: error, method: req.method, url: req.url }, 'partner API handler failed');
      return { status: 500, body: { error: { code: 'Internal' } } };
    });
    if (reply.status === 401) res.header('WWW-Authenticate', 'Bearer');
    res.send(reply.status, reply.body);
    log.debug({ method: req.method, path: req.path(), status: reply.status }, 'partner API request');
  };
  const authenticated = async (req: restify.Request, handler: Handler): Promise<Reply> => {
    if (!authorized(req.header('authorization'), expected))
      return { status: 401, body: { error: { code: 'Unauthorized' } } };
    return handler(req, new URL(req.url ?? '/', 'http://localhost').searchParams);
  };
  // Every route but the audit feed, which background jobs read with no user behind them.
  const forActor = (handler: ActorHandler) =>
    route(async (req, query) => {
      const actor = actorSchema.safeParse({
        tenantId: req.header(actorHeaders.tenantId) || undefined,
        aadObjectId: req.header(actorHeaders.aadObjectId) || undefined,
      });
      return actor.success ? handler(actor.data, req, query) : badRequest('actor headers', actor.error);
    });

  // The bot's /healthz probe: needs the token (so a refused token shows there) but no actor.
  server.get(
    '/v1/health',
    route(() => Promise.resolve({ status: 200, body: { value: { status: 'ok' } } })),
  );
  server.get(
    '/v1/organization',
    forActor(async (actor) => toReply(await service.snapshot(actor))),
  );
  server.get(
    '/v1/permissions/:permission',
    forActor(async (actor, req) => {
      const path = pathPermissionSchema.safeParse(req.params);
      if (!path.success) return badRequest('path', path.error);
      return toReply(await service.authorize(actor, path.data.permission));
    }),
  );
  server.get(
    '/v1/technical-benefits',
    forActor(async (actor) => toReply(await service.listTechnicalBenefits(actor))),
  );
  server.post(
    '/v1/technical-benefits/:id/activate',
    forActor(async (actor, req) => {
      const id = pathIdSchema.safeParse(req.params);
      if (!id.success) return badRequest('path', id.error);
      const body = activateBodySchema.safeParse(req.body);
      if (!body.success) return badRequest('body', body.error);
      return toReply(await service.activateTechnicalBenefit(actor, { ...body.data, benefitId: id.data.id }));
    }),
  );
  server.get(
    '/v1/subscriptions',
    forActor(async (actor) => toReply(await service.listSubscriptions(actor))),
  );
  server.post(
    '/v1/subscriptions/:id/assign',
    forActor(async (actor, req) => {
      const id = pathIdSchema.safeParse(req.params);
      if (!id.success) return badRequest('path', id.error);
      const body = assignBodySchema.safeParse(req.body);
      if (!body.success) return badRequest('body', body.error);
      return toReply(await service.assignSubscription(actor, { ...body.data, subscriptionId: id.data.id }));
    }),
  );
  server.get(
    '/v1/users',
    forActor(async (actor, _req, query) => {
      const parsed = usersQuerySchema.safeParse(queryObject(query));
      if (!parsed.success) return badRequest('query', parsed.error);
      const users = parsed.data;
      return toReply('q' in users ? await service.findUsers(actor, users.q) : await service.getUsers(actor, users.ids));
    }),
  );
  server.get(
    '/v1/product-benefits',
    forActor(async (actor) => toReply(await service.listProductBenefits(actor))),
  );
  server.get(
    '/v1/renewals',
    forActor(async (actor, _req, query) => {
      const parsed = renewalsQuerySchema.safeParse(queryObject(query));
      if (!parsed.success) return badRequest('query', parsed.error);
      return toReply(await service.renewals(actor, parsed.data.today));
    }),
  );
  server.get(
    '/v1/audit',
    route(async (_req, query) => {
      const parsed = auditQuerySchema.safeParse(queryObject(query));
      if (!parsed.success) return badRequest('query', parsed.error);
      return toReply(await service.auditSince(parsed.data.after, parsed.data.limit));
    }),
  );
}

function toReply<T>(result: Result<T>): Reply {
  return result.ok
    ? { status: 200, body: { value: result.value } }
    : { status: statusOf[result.error.code], body: { error: result.error } };
}

function badRequest(part: string, error: z.ZodError): Reply {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return { status: 400, body: { error: { code: 'BadRequest', message: `invalid ${part}`, issues } } };
}

/** Last value wins for a repeated parameter; absent parameters stay absent so schemas can tell. */
function queryObject(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries(query.entries());
}

// Hashing first gives both sides the same length, which timingSafeEqual needs, without leaking the token's.
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}
