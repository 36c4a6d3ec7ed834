import type { z } from 'zod';
import { actorHeaders, MAX_QUERY_LENGTH, renewalsQuerySchema, responseSchemas, userIdsSchema } from '../http/api';
import type { PartnerService } from '../partnerService';
import { fail, invalidInput, ok, type Result } from '../result';
import {
  activateBenefitRequestSchema,
  actorSchema,
  assignSubscriptionRequestSchema,
  auditPageSchema,
  permissionSchema,
  type ActivateBenefitRequest,
  type Actor,
  type AssignSubscriptionRequest,
  type AuditEntry,
  type DirectoryUser,
  type OrganizationSnapshot,
  type Permission,
  type ProductBenefit,
  type RenewalFacts,
  type TechnicalBenefit,
  type VsSubscription,
} from '../schemas';
import { benefitsVisibleTo } from '../visibility';
import { HttpTransport, type ApiRequest, type TransportOptions } from './transport';

export type RemotePartnerServiceOptions = TransportOptions;

/**
 * PartnerService over the partner REST API (routes in ../http/routes.ts). Requests are checked with the
 * same schemas the API applies, so a bad input fails here as `Invalid` and never travels; responses are
 * checked too, and anything the API cannot give (down, slow, garbage) comes back as `Unavailable`.
 */
export class RemotePartnerService implements PartnerService {
  private readonly http: HttpTransport;

  constructor(options: RemotePartnerServiceOptions) {
    this.http = new HttpTransport(options);
  }

  snapshot(actor: Actor): Promise<Result<OrganizationSnapshot>> {
    return this.get(actor, '/v1/organization', responseSchemas.organization);
  }

  async authorize(actor: Actor, permission: Permission): Promise<Result<DirectoryUser>> {
    const parsed = permissionSchema.safeParse(permission);
    if (!parsed.success) return invalidInput(parsed.error, permission, 'permission');
    return this.get(actor, `/v1/permissions/${parsed.data}`, responseSchemas.authorization);
  }

  /** The API hides the support identifiers from non-admins; this client hides them too, whatever the API sends. */
  async listTechnicalBenefits(actor: Actor): Promise<Result<TechnicalBenefit[]>> {
    const [benefits, snapshot] = await Promise.all([
      this.get(actor, '/v1/technical-benefits', responseSchemas.technicalBenefits),
      this.snapshot(actor),
    ]);
    if (!benefits.ok) return benefits;
    if (!snapshot.ok) return snapshot;
    return ok(benefitsVisibleTo(snapshot.value.me, benefits.value));
  }

  async activateTechnicalBenefit(actor: Actor, request: ActivateBenefitRequest): Promise<Result<TechnicalBenefit>> {
    const parsed = activateBenefitRequestSchema.safeParse(request);
    if (!parsed.success) return invalidInput(parsed.error, request);
    const { benefitId, ...body } = parsed.data;
    return this.call(
      actor,
      { method: 'POST', path: `/v1/technical-benefits/${encodeURIComponent(benefitId)}/activate`, body },
      responseSchemas.technicalBenefit,
    );
  }

  listSubscriptions(actor: Actor): Promise<Result<VsSubscription[]>> {
    return this.get(actor, '/v1/subscriptions', responseSchemas.subscriptions);
  }

  async assignSubscription(actor: Actor, request: AssignSubscriptionRequest): Promise<Result<VsSubscription>> {
    const parsed = assignSubscriptionRequestSchema.safeParse(request);
    if (!parsed.success) return invalidInput(parsed.error, request);
    const { subscriptionId, ...body } = parsed.data;
    return this.call(
      actor,
      { method: 'POST', path: `/v1/subscriptions/${encodeURIComponent(subscriptionId)}/assign`, body },
      responseSchemas.subscription,
    );
  }

  async findUsers(actor: Actor, query: string): Promise<Result<DirectoryUser[]>> {
    // Longer text cannot match a name or an e-mail address anyway; the API would refuse it.
    return this.get(actor, '/v1/users', responseSchemas.users, { q: query.slice(0, MAX_QUERY_LENGTH) });
  }

  async getUsers(actor: Actor, ids: readonly string[]): Promise<Result<DirectoryUser[]>> {
    const parsed = userIdsSchema.safeParse([...ids]);
    if (!parsed.success) return invalidInput(parsed.error, ids, 'ids');
    return this.get(actor, '/v1/users', responseSchemas.users, { ids: parsed.data.join(',') });
  }

  listProductBenefits(actor: Actor): Promise<Result<ProductBenefit[]>> {
    return this.get(actor, '/v1/product-benefits', responseSchemas.productBenefits);
  }

  async renewals(actor: Actor, today?: string): Promise<Result<RenewalFacts[]>> {
    const parsed = renewalsQuerySchema.safeParse({ today });
    if (!parsed.success) return invalidInput(parsed.error, { today });
    return this.get(
      actor,
      '/v1/renewals',
      responseSchemas.renewals,
      parsed.data.today === undefined ? {} : { today: parsed.data.today },
    );
  }

  async auditSince(afterId: number, limit: number): Promise<Result<AuditEntry[]>> {
    const parsed = auditPageSchema.safeParse({ afterId, limit });
    if (!parsed.success) return invalidInput(parsed.error, { afterId, limit });
    const query = { after: String(parsed.data.afterId), limit: String(parsed.data.limit) };
    return this.http.send({ method: 'GET', path: '/v1/audit', query }, responseSchemas.audit);
  }

  /** One authenticated GET /v1/health, no retry: the bot's /healthz asks whether the API answers now. */
  async ping(timeoutMs: number): Promise<Result<void>> {
    const result = await this.http.send({ method: 'GET', path: '/v1/health' }, responseSchemas.health, { timeoutMs });
    return result.ok ? ok(undefined) : result;
  }

  /** Nothing to release: fetch keeps no connection that outlives the process's need for it. */
  async close(): Promise<void> {}

  private get<T>(
    actor: Actor,
    path: string,
    schema: z.ZodType<{ value: T }>,
    query: Record<string, string> = {},
  ): Promise<Result<T>> {
    return this.call(actor, { method: 'GET', path, query }, schema);
  }

  private async call<T>(actor: Actor, request: ApiRequest, schema: z.ZodType<{ value: T }>): Promise<Result<T>> {
    // An identity that cannot be well-formed cannot be in the directory either.
    const who = actorSchema.safeParse(actor);
    if (!who.success) return fail({ code: 'NotInDirectory' });
    const headers = { [actorHeaders.tenantId]: who.data.tenantId, [actorHeaders.aadObjectId]: who.data.aadObjectId };
    return this.http.send({ ...request, headers }, schema);
  }
}

/** The first problem as the service's own Invalid error: an absent or empty value is "required". */
