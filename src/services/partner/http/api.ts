import { z } from 'zod';
import { serviceErrorSchema, type ServiceErrorCode } from '../result';
import {
  activateBenefitRequestSchema,
  assignSubscriptionRequestSchema,
  auditEntrySchema,
  auditPageSchema,
  directoryUserSchema,
  isoDate,
  organizationSnapshotSchema,
  permissionSchema,
  productBenefitSchema,
  renewalFactsSchema,
  technicalBenefitSchema,
  vsSubscriptionSchema,
} from '../schemas';

/**
 * The partner REST API's wire contract, shared by the routes and the remote client so both sides check
 * the same shapes. Success bodies are `{ value }`, expected failures `{ error: ServiceError }`.
 */

/** Who is acting. A real Partner Center API takes this from a delegated (on-behalf-of) user token. */
export const actorHeaders = { tenantId: 'x-ms-actor-tenant-id', aadObjectId: 'x-ms-actor-object-id' } as const;

/** The path carries the benefit or subscription id; the idempotency key (requestId) travels in the body only. */
export const activateBodySchema = activateBenefitRequestSchema.omit({ benefitId: true });
export const assignBodySchema = assignSubscriptionRequestSchema.omit({ subscriptionId: true });

export const pathIdSchema = z.object({ id: z.string().min(1).max(200) });
export const pathPermissionSchema = z.object({ permission: permissionSchema });

/** Directory user ids joined by commas in `?ids=`, so an id itself may not hold one. */
export const userIdsSchema = z
  .array(
    z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^,]*$/, 'may not contain a comma'),
  )
  .max(100);
export const MAX_QUERY_LENGTH = 200;

/** `?q=text` searches the directory, `?ids=a,b` fetches entries by id; exactly one of the two. */
export const usersQuerySchema = z.union([
  z.strictObject({ q: z.string().max(MAX_QUERY_LENGTH) }),
  z.strictObject({
    ids: z
      .string()
      .transform((s) => s.split(',').filter((id) => id.length > 0))
      .pipe(userIdsSchema),
  }),
]);
export const renewalsQuerySchema = z.strictObject({ today: isoDate.optional() });

const auditPage = auditPageSchema.shape;
/** A query-string counter: digits only (no sign, no exponent, no empty string coerced to 0). */
const counter = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);
export const auditQuerySchema = z.strictObject({
  after: counter.pipe(auditPage.afterId),
  limit: counter.pipe(auditPage.limit),
});

const envelope = <T extends z.ZodType>(value: T) => z.strictObject({ value });
export const responseSchemas = {
  organization: envelope(organizationSnapshotSchema),
  /** The actor's own directory entry when they hold the permission. */
  authorization: envelope(directoryUserSchema),
  technicalBenefits: envelope(z.array(technicalBenefitSchema)),
  technicalBenefit: envelope(technicalBenefitSchema),
  subscriptions: envelope(z.array(vsSubscriptionSchema)),
  subscription: envelope(vsSubscriptionSchema),
  users: envelope(z.array(directoryUserSchema)),
  productBenefits: envelope(z.array(productBenefitSchema)),
  renewals: envelope(z.array(renewalFactsSchema)),
  audit: envelope(z.array(auditEntrySchema)),
  health: envelope(z.object({ status: z.literal('ok') })),
} as const;

export const errorBodySchema = z.strictObject({ error: serviceErrorSchema });

/** HTTP status for each expected failure; the body is the ServiceError itself. */
export const statusOf: Readonly<Record<ServiceErrorCode, number>> = {
  NotInDirectory: 403,
  Forbidden: 403,
  NotFound: 404,
  Invalid: 422,
  AlreadyActivated: 409,
  AlreadyAssignedToUser: 409,
  ReassignTooSoon: 409,
  RequestIdReused: 409,
  Unavailable: 503,
  Misconfigured: 502,
};
