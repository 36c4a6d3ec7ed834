import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/db';
import type { ActivationProcessor, PartnerService } from '../partnerService';
import { renewalFacts, utcDay } from '../renewal';
import { fail, invalidInput, ok, type Result } from '../result';
import {
  activateBenefitRequestSchema,
  assignSubscriptionRequestSchema,
  auditPageSchema,
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
import { authorize, type ActingUser } from './authorization';
import { activateDue, listBenefits, requestActivation } from './benefits';
import { findUsers, usersByIds } from './directory';
import { idempotent, type IdempotentCall } from './idempotency';
import { listOffers, listProductBenefits, organizationOf } from './organization';
import { assignSeat, listSeats } from './subscriptions';
import { benefitsVisibleTo } from '../visibility';

export interface EmbeddedPartnerServiceOptions {
  /** Migrated (and seeded) by the caller, who also closes it. */
  readonly db: Db;
  readonly clock: () => Date;
  /** Pending → Active after this many seconds; 0 activates within the request. */
  readonly activationDelaySeconds: number;
  readonly logger: Logger;
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
    // The caller's logger already names the component; one `component` key per line.
    this.#logger = options.logger.child({ impl: 'embedded' });
  }

  snapshot(actor: Actor): Promise<Result<OrganizationSnapshot>> {
    return this.#read(actor, async (tenantId, me) => ({
      organization: await organizationOf(this.#db, tenantId),
      me,
      offers: await listOffers(this.#db, tenantId),
    }));
  }

  async authorize(actor: Actor, permission: Permission): Promise<Result<DirectoryUser>> {
    const acting = await authorize(this.#db, actor, requiredRoles[permission]);
    return acting.ok ? ok(acting.value.user) : acting;
  }

  listTechnicalBenefits(actor: Actor): Promise<Result<TechnicalBenefit[]>> {
    return this.#read(actor, async (tenantId, me) =>
      benefitsVisibleTo(me, await listBenefits(this.#db, tenantId, utcDay(this.#clock()))),
    );
  }

  async activateTechnicalBenefit(actor: Actor, request: ActivateBenefitRequest): Promise<Result<TechnicalBenefit>> {
    const result = await this.#change(
      actor,
      'activateBenefits',
      'activateTechnicalBenefit',
      activateBenefitRequestSchema,
      request,
      technicalBenefitSchema,
      (tx, acting, parsed, now) => requestActivation(tx, acting, parsed, now, this.#delaySeconds),
    );
    if (result.ok)
      this.#logger.info(
        { benefitId: result.value.id, status: result.value.status },
        'technical benefit activation requested',
      );
    return result;
  }

  async processDueActivations(now: Date): Promise<TechnicalBenefit[]> {
    const activated = await this.#db.transaction((tx) => activateDue(tx, now));
    for (const benefit of activated) this.#logger.info({ benefitId: benefit.id }, 'technical benefit active');
    return activated;
  }

  listSubscriptions(actor: Actor): Promise<Result<VsSubscription[]>> {
    return this.#read(actor, (tenantId) => listSeats(this.#db, tenantId));
  }

  async assignSubscription(actor: Actor, request: AssignSubscriptionRequest): Promise<Result<VsSubscription>> {
    const result = await this.#change(
      actor,
      'assignSubscriptions',
      'assignSubscription',
      assignSubscriptionRequestSchema,
      request,
      vsSubscriptionSchema,
      assignSeat,
    );
    if (result.ok)
      this.#logger.info(
        { subscriptionId: result.value.id, assignee: result.value.assigneeUserId },
        'subscription assigned',
      );
    return result;
  }

  findUsers(actor: Actor, query: string): Promise<Result<DirectoryUser[]>> {
    return this.#read(actor, (tenantId) => findUsers(this.#db, tenantId, query));
  }

  getUsers(actor: Actor, ids: readonly string[]): Promise<Result<DirectoryUser[]>> {
    return this.#read(actor, (tenantId) => usersByIds(this.#db, tenantId, ids));
  }

  listProductBenefits(actor: Actor): Promise<Result<ProductBenefit[]>> {
    return this.#read(actor, (tenantId) => listProductBenefits(this.#db, tenantId));
  }

  async renewals(actor: Actor, today?: string): Promise<Result<RenewalFacts[]>> {
    const day = today ?? utcDay(this.#clock());
    const acting = await authorize(this.#db, actor);
    if (!acting.ok) return acting;
    if (!isoDate.safeParse(day).success) return fail({ code: 'Invalid', field: 'today', reason: 'malformed' });
    return ok((await listOffers(this.#db, acting.value.tenantId)).map((offer) => renewalFacts(offer, day)));
  }

  async auditSince(afterId: number, limit: number): Promise<Result<AuditEntry[]>> {
    const page = auditPageSchema.safeParse({ afterId, limit });
    if (!page.success) return invalidInput(page.error, { afterId, limit });
    return ok(await auditSince(this.#db, afterId, limit));
  }

  /** Nothing to release: the Db is the caller's. */
  async close(): Promise<void> {}

  /** A read for any directory member of the actor's tenant. */
  async #read<T>(actor: Actor, work: (tenantId: string, me: DirectoryUser) => Promise<T>): Promise<Result<T>> {
    const acting = await authorize(this.#db, actor);
    return acting.ok ? ok(await work(acting.value.tenantId, acting.value.user)) : acting;
  }

  /** A change: in one transaction, authorized at that moment, validated, and done once per request id. */
  async #change<R extends { readonly requestId: string }, T>(
    actor: Actor,
    permission: Permission,
    operation: IdempotentCall<T>['operation'],
    requestSchema: z.ZodType<R>,
    request: unknown,
    resultSchema: z.ZodType<T>,
    work: (tx: Queryable, acting: ActingUser, request: R, now: Date) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    const now = this.#clock();
    return this.#db.transaction(async (tx) => {
      const acting = await authorize(tx, actor, requiredRoles[permission]);
      if (!acting.ok) return acting;
      const parsed = requestSchema.safeParse(request);
      if (!parsed.success) return invalidInput(parsed.error, request);
      const { requestId, ...rest } = parsed.data;
      const same = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)]));
      return idempotent(
        tx,
        { requestId, operation, actorUserId: acting.value.user.id, request: same, schema: resultSchema, now },
        () => work(tx, acting.value, parsed.data, now),
      );
    });
  }
}
