import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Db } from '../../db/db';
import type { ActivationProcessor, PartnerService } from '../partnerService';
import { renewalFacts, utcDay } from '../renewal';
import { fail, ok, type Result } from '../result';
import {
  activateBenefitRequestSchema,
  assignSubscriptionRequestSchema,
  isoDate,
  requiredRoles,
  technicalBenefitSchema,
  vsSubscriptionSchema,
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
import { auditSince } from './audit';
import { authorize } from './authorization';
import { activateDue, listBenefits, requestActivation } from './benefits';
import { findUsers, usersByIds } from './directory';
import { idempotent } from './idempotency';
import { listOffers, listProductBenefits, organizationOf } from './organization';
import { assignSeat, listSeats } from './subscriptions';

export interface EmbeddedPartnerServiceOptions {
  /** Migrated (and seeded) by the caller, who also closes it. */
  readonly db: Db;
  readonly clock: () => Date;
  /** Pending → Active after this many seconds; 0 activates within the request. */
  readonly activationDelaySeconds: number;
  readonly logger: Logger;
}

const MAX_AUDIT_PAGE = 1000;

/** A request that failed its schema: the first field at fault, 'required' when it is missing or empty. */
function invalidRequest(error: z.ZodError, request: unknown): Result<never> {
  const field = String(error.issues[0]?.path[0] ?? 'request');
  const value = typeof request === 'object' && request !== null ? Reflect.get(request, field) : undefined;
  return fail({ code: 'Invalid', field, reason: value === undefined || value === '' ? 'required' : 'malformed' });
}

/**
 * The partner organization kept in the bot's own database (PGlite or PostgreSQL). Every rule is checked
 * here against the directory row of the actor at the time of the call; every change and its audit entry
 * commit together. The Db belongs to the caller: close() leaves it open.
 */
export class EmbeddedPartnerService implements PartnerService, ActivationProcessor {
  readonly #db: Db;
  readonly #clock: () => Date;
  readonly #delaySeconds: number;
  readonly #logger: Logger;

  constructor(options: EmbeddedPartnerServiceOptions) {
    if (!Number.isInteger(options.activationDelaySeconds) || options.activationDelaySeconds < 0) {
      throw new RangeError(`activationDelaySeconds must be a whole number >= 0, got ${options.activationDelaySeconds}`);
    }
    this.#db = options.db;
    this.#clock = options.clock;
    this.#delaySeconds = options.activationDelaySeconds;
    this.#logger = options.logger.child({ component: 'partnerService', impl: 'embedded' });
  }

  async snapshot(actor: Actor): Promise<Result<OrganizationSnapshot>> {
    const acting = await authorize(this.#db, actor);
    if (!acting.ok) return acting;
    const organization = await organizationOf(this.#db, acting.value.tenantId);
    return ok({ organization, me: acting.value.user, offers: await listOffers(this.#db, acting.value.tenantId) });
  }

  async authorize(actor: Actor, permission: Permission): Promise<Result<DirectoryUser>> {
    const acting = await authorize(this.#db, actor, requiredRoles[permission]);
    return acting.ok ? ok(acting.value.user) : acting;
  }

  async listTechnicalBenefits(actor: Actor): Promise<Result<TechnicalBenefit[]>> {
    const acting = await authorize(this.#db, actor);
    if (!acting.ok) return acting;
    return ok(await listBenefits(this.#db, acting.value.tenantId, utcDay(this.#clock())));
  }

  async activateTechnicalBenefit(actor: Actor, request: ActivateBenefitRequest): Promise<Result<TechnicalBenefit>> {
    const now = this.#clock();
    const result = await this.#db.transaction(async (tx) => {
      const acting = await authorize(tx, actor, requiredRoles.activateBenefits);
      if (!acting.ok) return acting;
      const parsed = activateBenefitRequestSchema.safeParse(request);
      if (!parsed.success) return invalidRequest(parsed.error, request);
      const { requestId, ...rest } = parsed.data;
      return idempotent(
        tx,
        { requestId, operation: 'activateTechnicalBenefit', actorUserId: acting.value.user.id, request: rest, schema: technicalBenefitSchema, now },
        () => requestActivation(tx, acting.value, parsed.data, now, this.#delaySeconds),
      );
    });
    if (result.ok) this.#logger.info({ benefitId: result.value.id, status: result.value.status }, 'technical benefit activation requested');
    return result;
  }

  async processDueActivations(now: Date): Promise<TechnicalBenefit[]> {
    const activated = await this.#db.transaction((tx) => activateDue(tx, now));
    for (const benefit of activated) this.#logger.info({ benefitId: benefit.id }, 'technical benefit active');
    return activated;
  }

  async listSubscriptions(actor: Actor): Promise<Result<VsSubscription[]>> {
    const acting = await authorize(this.#db, actor);
    if (!acting.ok) return acting;
    return ok(await listSeats(this.#db, acting.value.tenantId));
  }

  async assignSubscription(actor: Actor, request: AssignSubscriptionRequest): Promise<Result<VsSubscription>> {
    const now = this.#clock();
    const result = await this.#db.transaction(async (tx) => {
      const acting = await authorize(tx, actor, requiredRoles.assignSubscriptions);
      if (!acting.ok) return acting;
      const parsed = assignSubscriptionRequestSchema.safeParse(request);
      if (!parsed.success) return invalidRequest(parsed.error, request);
      const { requestId, ...rest } = parsed.data;
      return idempotent(
        tx,
        { requestId, operation: 'assignSubscription', actorUserId: acting.value.user.id, request: rest, schema: vsSubscriptionSchema, now },
        () => assignSeat(tx, acting.value, parsed.data, now),
      );
    });
    if (result.ok) this.#logger.info({ subscriptionId: result.value.id, assignee: result.value.assigneeUserId }, 'subscription assigned');
    return result;
  }

  async findUsers(actor: Actor, query: string): Promise<Result<DirectoryUser[]>> {
    const acting = await authorize(this.#db, actor);
    if (!acting.ok) return acting;
    return ok(await findUsers(this.#db, acting.value.tenantId, query));
  }

  async getUsers(actor: Actor, ids: readonly string[]): Promise<Result<DirectoryUser[]>> {
    const acting = await authorize(this.#db, actor);
    if (!acting.ok) return acting;
    return ok(await usersByIds(this.#db, acting.value.tenantId, ids));
  }

  async listProductBenefits(actor: Actor): Promise<Result<ProductBenefit[]>> {
    const acting = await authorize(this.#db, actor);
    if (!acting.ok) return acting;
    return ok(await listProductBenefits(this.#db, acting.value.tenantId));
  }

  async renewals(actor: Actor, today?: string): Promise<Result<RenewalFacts[]>> {
    const acting = await authorize(this.#db, actor);
    if (!acting.ok) return acting;
    const day = today ?? utcDay(this.#clock());
    if (!isoDate.safeParse(day).success) return fail({ code: 'Invalid', field: 'today', reason: 'malformed' });
    const offers = await listOffers(this.#db, acting.value.tenantId);
    return ok(offers.map((offer) => renewalFacts(offer, day)));
  }

  async auditSince(afterId: number, limit: number): Promise<Result<AuditEntry[]>> {
    if (!Number.isInteger(afterId) || afterId < 0) return fail({ code: 'Invalid', field: 'afterId', reason: 'malformed' });
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
      return fail({ code: 'Invalid', field: 'limit', reason: 'malformed' });
    }
    return ok(await auditSince(this.#db, afterId, limit));
  }

  /** Nothing to release: the Db is the caller's. */
  async close(): Promise<void> {}
}
