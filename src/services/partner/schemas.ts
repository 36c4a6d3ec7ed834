import { z } from 'zod';

/**
 * The partner organization's data as the service layer sees it. Shared by the embedded database
 * implementation, the REST API routes and the remote client, so one schema checks all three.
 * Dates without a time are ISO `YYYY-MM-DD` strings (calendar days, no time zone); instants are ISO
 * date-times in UTC. Tenant and object ids are opaque strings: the Agents Playground's are not GUIDs.
 */
export const isoDate = z.iso.date();
export const isoDateTime = z.iso.datetime();
const opaqueId = z.string().min(1).max(200);

export const roleSchema = z.enum(['GlobalAdmin', 'UserAdmin', 'AdminAgent', 'MpnPartnerAdmin']);
export type Role = z.infer<typeof roleSchema>;

export const organizationSchema = z.strictObject({
  mpnId: z.string().regex(/^\d{6,10}$/),
  name: z.string().min(1),
  tenantId: opaqueId,
  /** The company's Partner Center dashboard account e-mail: an alternate e-mail must differ from it (001). */
  accountEmail: z.email(),
});
export type Organization = z.infer<typeof organizationSchema>;

/** Who is acting: taken from the Teams activity (tenant and AAD object id), never from a card. */
export const actorSchema = z.strictObject({
  tenantId: opaqueId,
  aadObjectId: opaqueId,
});
export type Actor = z.infer<typeof actorSchema>;

export const directoryUserSchema = z.strictObject({
  id: z.string().min(1),
  aadObjectId: opaqueId,
  displayName: z.string().min(1),
  email: z.email(),
  roles: z.array(roleSchema),
});
export type DirectoryUser = z.infer<typeof directoryUserSchema>;

export const competencyLevelSchema = z.enum(['Silver', 'Gold']);
export const offerSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: z.string().min(1),
    kind: z.literal('ActionPack'),
    name: z.string().min(1),
    purchaseDate: isoDate,
  }),
  z.strictObject({
    id: z.string().min(1),
    kind: z.literal('Competency'),
    name: z.string().min(1),
    level: competencyLevelSchema,
    /** Security, Cloud Platform, … : cloud competencies get unlimited Signature cloud support. */
    cloud: z.boolean(),
    purchaseDate: isoDate,
  }),
]);
export type Offer = z.infer<typeof offerSchema>;

export const technicalBenefitKindSchema = z.enum([
  'ProductSupport', // Microsoft product support incidents (on-premises)
  'SignatureCloudSupport',
  'AdvisoryHours',
  'PresalesDeployment', // technical presales and deployment services
]);
export type TechnicalBenefitKind = z.infer<typeof technicalBenefitKindSchema>;

/** Yearly entitlement from the table in DOMAIN.md; services without a number are on request. */
export const entitlementSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('incidents'), count: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('unlimited') }),
  z.strictObject({ kind: z.literal('onRequest') }),
]);
export type Entitlement = z.infer<typeof entitlementSchema>;

export const benefitStatusSchema = z.enum(['NotActivated', 'Pending', 'Active']);
export type BenefitStatus = z.infer<typeof benefitStatusSchema>;

export const technicalBenefitSchema = z.strictObject({
  id: z.string().min(1),
  offerId: z.string().min(1),
  kind: technicalBenefitKindSchema,
  entitlement: entitlementSchema,
  status: benefitStatusSchema,
  /** Directory user id of the benefit's contact, once activation was requested. */
  contactUserId: z.string().min(1).nullable(),
  alternateEmail: z.email().nullable(),
  accessId: z.string().min(1).nullable(),
  contractId: z.string().min(1).nullable(),
  /** Directory user id of the admin who requested activation (gets the proactive message). */
  activatedBy: z.string().min(1).nullable(),
  activationRequestedAt: isoDateTime.nullable(),
  /** When a Pending benefit is expected to turn Active. */
  expectedActiveAt: isoDateTime.nullable(),
  activatedAt: isoDateTime.nullable(),
  /** Last day of the current term (the offer's benefit expiry). */
  expiresOn: isoDate,
});
export type TechnicalBenefit = z.infer<typeof technicalBenefitSchema>;

export const vsEditionSchema = z.enum(['Professional', 'Enterprise']);
export type VsEdition = z.infer<typeof vsEditionSchema>;

export const vsSubscriptionSchema = z.strictObject({
  id: z.string().min(1),
  offerId: z.string().min(1),
  edition: vsEditionSchema,
  /** Directory user id, or null for a free seat. */
  assigneeUserId: z.string().min(1).nullable(),
  assignedOn: isoDate.nullable(),
  /** First day another user may get this seat (assignedOn + 90 days); null for a free seat. */
  reassignableFrom: isoDate.nullable(),
});
export type VsSubscription = z.infer<typeof vsSubscriptionSchema>;

/** Software and cloud benefits are read only here: keys and Azure subscriptions are managed in Partner Center. */
export const productBenefitSchema = z.strictObject({
  id: z.string().min(1),
  offerId: z.string().min(1),
  category: z.enum(['Software', 'Cloud']),
  name: z.string().min(1),
  /** Seats, licences or monthly credit, as Partner Center shows it. */
  quantity: z.string().min(1),
  activation: z.enum(['GetKeys', 'AssignUser', 'LicenseBased']),
});
export type ProductBenefit = z.infer<typeof productBenefitSchema>;

/** Before the window, inside it (the 30-day grace period), after it (reinstatement needs a support ticket). */
export const renewalStatusSchema = z.enum(['NotYetOpen', 'Open', 'Lapsed']);
export type RenewalStatus = z.infer<typeof renewalStatusSchema>;

export const renewalFactsSchema = z.strictObject({
  offerId: z.string().min(1),
  offerName: z.string().min(1),
  anniversary: isoDate,
  windowStart: isoDate,
  windowEnd: isoDate,
  /** Days from today to the window's start (negative once it opened). */
  daysUntilWindowStart: z.number().int(),
  /** Days from today to the window's end (negative once it closed). */
  daysUntilWindowEnd: z.number().int(),
  status: renewalStatusSchema,
  /** Last day to redeem the benefits of the ending year: the anniversary itself (002). */
  benefitExpiry: isoDate,
  /** Last day Visual Studio subscriptions stay usable without renewal: 30 days after the anniversary (002). */
  visualStudioEnd: isoDate,
});
export type RenewalFacts = z.infer<typeof renewalFactsSchema>;

export const auditEntrySchema = z.strictObject({
  id: z.number().int().positive(),
  at: isoDateTime,
  /** Directory user id, or "system" for background processing. */
  actor: z.string().min(1),
  action: z.enum([
    'benefit.activationRequested',
    'benefit.activated',
    'subscription.assigned',
    'subscription.unassigned',
  ]),
  targetId: z.string().min(1),
  detail: z.record(z.string(), z.string()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** A page of the audit log as `auditSince` takes it. */
export const auditPageSchema = z.strictObject({
  afterId: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
});

/** Everything the bot shows about the organization in one read. */
export const organizationSnapshotSchema = z.strictObject({
  organization: organizationSchema,
  me: directoryUserSchema,
  offers: z.array(offerSchema),
});
export type OrganizationSnapshot = z.infer<typeof organizationSnapshotSchema>;

/** Idempotency key: the same key twice makes one change and returns the first outcome. */
export const requestIdSchema = z.string().min(8).max(200);

export const activateBenefitRequestSchema = z.strictObject({
  requestId: requestIdSchema,
  benefitId: z.string().min(1),
  /** Partner advisory hours only (the 2018 request form, 001): the contact user and an alternate e-mail. */
  contactUserId: z.string().min(1).nullable(),
  alternateEmail: z.string().trim().nullable(),
});
export type ActivateBenefitRequest = z.infer<typeof activateBenefitRequestSchema>;

export const assignSubscriptionRequestSchema = z.strictObject({
  requestId: requestIdSchema,
  subscriptionId: z.string().min(1),
  assigneeUserId: z.string().min(1),
});
export type AssignSubscriptionRequest = z.infer<typeof assignSubscriptionRequestSchema>;

/** What a change needs (DOMAIN.md): activating technical benefits, assigning benefits to employees. */
export const permissionSchema = z.enum(['activateBenefits', 'assignSubscriptions']);
export type Permission = z.infer<typeof permissionSchema>;
export const requiredRoles: Readonly<Record<Permission, readonly Role[]>> = {
  activateBenefits: ['GlobalAdmin', 'MpnPartnerAdmin'],
  assignSubscriptions: ['GlobalAdmin'],
};
