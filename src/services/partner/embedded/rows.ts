import { z } from 'zod';
import { addDaysIso, renewalFacts } from '../renewal';
import {
  auditEntrySchema,
  benefitStatusSchema,
  competencyLevelSchema,
  directoryUserSchema,
  offerSchema,
  organizationSchema,
  productBenefitSchema,
  roleSchema,
  technicalBenefitKindSchema,
  technicalBenefitSchema,
  vsEditionSchema,
  vsSubscriptionSchema,
  type AuditEntry,
  type DirectoryUser,
  type Entitlement,
  type Offer,
  type Organization,
  type ProductBenefit,
  type TechnicalBenefit,
  type VsSubscription,
} from '../schemas';
import type { Row } from '../../db/db';

/*
 * Database rows → domain objects. Each row is parsed (drivers hand back `unknown`), mapped, and then
 * checked against the shared domain schema, so a bad row fails here rather than in a client.
 */

/** A seat can change hands this many days after its assignment. */
export const REASSIGN_AFTER_DAYS = 90;

const nullableText = z.string().nullable();

export const organizationFromRow = (row: Row): Organization =>
  z
    .object({ mpn_id: z.string(), name: z.string(), tenant_id: z.string(), account_email: z.string() })
    .transform((r) => ({ mpnId: r.mpn_id, name: r.name, tenantId: r.tenant_id, accountEmail: r.account_email }))
    .pipe(organizationSchema)
    .parse(row);

export const directoryUserFromRow = (row: Row): DirectoryUser =>
  z
    .object({
      id: z.string(),
      aad_object_id: z.string(),
      display_name: z.string(),
      email: z.string(),
      roles: z.array(roleSchema),
    })
    .transform((r) => ({
      id: r.id,
      aadObjectId: r.aad_object_id,
      displayName: r.display_name,
      email: r.email,
      roles: r.roles,
    }))
    .pipe(directoryUserSchema)
    .parse(row);

export const offerFromRow = (row: Row): Offer => {
  const r = z
    .object({
      id: z.string(),
      kind: z.enum(['ActionPack', 'Competency']),
      name: z.string(),
      level: competencyLevelSchema.nullable(),
      cloud: z.boolean().nullable(),
      purchase_date: z.string(),
    })
    .parse(row);
  const common = { id: r.id, name: r.name, purchaseDate: r.purchase_date };
  return offerSchema.parse(
    r.kind === 'ActionPack' ? { kind: r.kind, ...common } : { kind: r.kind, ...common, level: r.level, cloud: r.cloud },
  );
};

const benefitRowSchema = z.object({
  id: z.string(),
  offer_id: z.string(),
  offer_name: z.string(),
  purchase_date: z.string(),
  kind: technicalBenefitKindSchema,
  entitlement: z.enum(['incidents', 'unlimited', 'onRequest']),
  incident_count: z.number().int().nullable(),
  status: benefitStatusSchema,
  contact_user_id: nullableText,
  alternate_email: nullableText,
  access_id: nullableText,
  contract_id: nullableText,
  activated_by: nullableText,
  activation_requested_at: nullableText,
  expected_active_at: nullableText,
  activated_at: nullableText,
});

/** Columns `technicalBenefitFromRow` needs; `tb` is technical_benefits, `o` its offer. */
export const BENEFIT_COLUMNS = `tb.id, tb.offer_id, o.name AS offer_name, o.purchase_date, tb.kind, tb.entitlement,
  tb.incident_count, tb.status, tb.contact_user_id, tb.alternate_email, tb.access_id, tb.contract_id, tb.activated_by,
  tb.activation_requested_at, tb.expected_active_at, tb.activated_at`;

/** `today` decides the term: expiresOn is the benefit expiry of the offer's current renewal window. */
export const technicalBenefitFromRow = (row: Row, today: string): TechnicalBenefit => {
  const r = benefitRowSchema.parse(row);
  const entitlement: Entitlement =
    r.entitlement === 'incidents' ? { kind: 'incidents', count: r.incident_count ?? 0 } : { kind: r.entitlement };
  return technicalBenefitSchema.parse({
    id: r.id,
    offerId: r.offer_id,
    kind: r.kind,
    entitlement,
    status: r.status,
    contactUserId: r.contact_user_id,
    alternateEmail: r.alternate_email,
    accessId: r.access_id,
    contractId: r.contract_id,
    activatedBy: r.activated_by,
    activationRequestedAt: r.activation_requested_at,
    expectedActiveAt: r.expected_active_at,
    activatedAt: r.activated_at,
    expiresOn: renewalFacts({ id: r.offer_id, name: r.offer_name, purchaseDate: r.purchase_date }, today).benefitExpiry,
  });
};

const seatRowSchema = z.object({
  id: z.string(),
  offer_id: z.string(),
  offer_kind: z.enum(['ActionPack', 'Competency']),
  edition: vsEditionSchema,
  assignee_user_id: nullableText,
  assigned_on: nullableText,
});

export const vsSubscriptionFromRow = (row: Row): VsSubscription => {
  const r = seatRowSchema.parse(row);
  // The table's CHECK already forbids it; a seat that slipped through is a bug, not a user error.
  if (r.offer_kind === 'ActionPack' && r.edition !== 'Professional') {
    throw new Error(
      `Action Pack seat ${r.id} is ${r.edition}: the Action Pack includes Visual Studio Professional only`,
    );
  }
  return vsSubscriptionSchema.parse({
    id: r.id,
    offerId: r.offer_id,
    edition: r.edition,
    assigneeUserId: r.assignee_user_id,
    assignedOn: r.assigned_on,
    reassignableFrom: r.assigned_on === null ? null : addDaysIso(r.assigned_on, REASSIGN_AFTER_DAYS),
  });
};

export const productBenefitFromRow = (row: Row): ProductBenefit =>
  z
    .object({
      id: z.string(),
      offer_id: z.string(),
      category: z.string(),
      name: z.string(),
      quantity: z.string(),
      activation: z.string(),
    })
    .transform((r) => ({
      id: r.id,
      offerId: r.offer_id,
      category: r.category,
      name: r.name,
      quantity: r.quantity,
      activation: r.activation,
    }))
    .pipe(productBenefitSchema)
    .parse(row);

export const auditEntryFromRow = (row: Row): AuditEntry =>
  z
    .object({
      id: z.number(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      target_id: z.string(),
      detail: z.unknown(),
    })
    .transform((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      targetId: r.target_id,
      detail: r.detail,
    }))
    .pipe(auditEntrySchema)
    .parse(row);
