import { randomInt } from 'node:crypto';
import { addSeconds } from 'date-fns';
import { z } from 'zod';
import type { Queryable } from '../../db/db';
import { utcDay } from '../renewal';
import { fail, ok, type Result } from '../result';
import type { ActivateBenefitRequest, TechnicalBenefit } from '../schemas';
import { SYSTEM_ACTOR, writeAudit } from './audit';
import type { ActingUser } from './authorization';
import { userById } from './directory';
import { organizationOf } from './organization';
import { BENEFIT_COLUMNS, technicalBenefitFromRow } from './rows';

const FROM_BENEFITS = 'FROM technical_benefits tb JOIN offers o ON o.id = tb.offer_id';
/** The order of DOMAIN.md's list: support incidents first, presales last. */
const KIND_ORDER =
  "array_position(ARRAY['ProductSupport', 'SignatureCloudSupport', 'AdvisoryHours', 'PresalesDeployment'], tb.kind)";

export async function listBenefits(q: Queryable, tenantId: string, today: string): Promise<TechnicalBenefit[]> {
  const rows = await q.query(
    `SELECT ${BENEFIT_COLUMNS} ${FROM_BENEFITS} WHERE o.tenant_id = $1 ORDER BY o.kind, o.id, ${KIND_ORDER}, tb.id`,
    [tenantId],
  );
  return rows.map((row) => technicalBenefitFromRow(row, today));
}

async function benefitById(
  q: Queryable,
  tenantId: string,
  id: string,
  today: string,
  lock = false,
): Promise<TechnicalBenefit | undefined> {
  const rows = await q.query(
    `SELECT ${BENEFIT_COLUMNS} ${FROM_BENEFITS} WHERE o.tenant_id = $1 AND tb.id = $2` +
      (lock ? ' FOR NO KEY UPDATE OF tb' : ''),
    [tenantId, id],
  );
  return rows[0] === undefined ? undefined : technicalBenefitFromRow(rows[0], today);
}

/** A valid address that is not the company's dashboard account e-mail (001: it must differ). */
function checkAlternateEmail(email: string, accountEmail: string): Result<string> {
  if (email === '') return fail({ code: 'Invalid', field: 'alternateEmail', reason: 'required' });
  if (!z.email().safeParse(email).success) return fail({ code: 'Invalid', field: 'alternateEmail', reason: 'email' });
  if (email.toLowerCase() === accountEmail.toLowerCase())
    return fail({ code: 'Invalid', field: 'alternateEmail', reason: 'sameAsAccountEmail' });
  return ok(email);
}

/**
 * The contact user and alternate e-mail of a request: required for partner advisory hours (the 2018 request
 * form), optional and checked the same way for the others (the current flow is the Activate button alone).
 */
async function checkContact(
  tx: Queryable,
  acting: ActingUser,
  benefit: TechnicalBenefit,
  request: ActivateBenefitRequest,
): Promise<Result<{ contactUserId: string; alternateEmail: string } | null>> {
  const contactUserId = request.contactUserId ?? '';
  const alternateEmail = request.alternateEmail?.trim() ?? '';
  if (benefit.kind !== 'AdvisoryHours' && contactUserId === '' && alternateEmail === '') return ok(null);
  if (contactUserId === '') return fail({ code: 'Invalid', field: 'contactUserId', reason: 'required' });
  const email = checkAlternateEmail(alternateEmail, (await organizationOf(tx, acting.tenantId)).accountEmail);
  if (!email.ok) return email;
  const contact = await userById(tx, acting.tenantId, contactUserId);
  if (contact === undefined) return fail({ code: 'NotFound', what: 'user', id: contactUserId });
  return ok({ contactUserId: contact.id, alternateEmail: email.value });
}

/**
 * NotActivated → Pending (activation requested), then Active at once when the delay is zero. The caller
 * has authorized the actor and runs this in a transaction.
 */
export async function requestActivation(
  tx: Queryable,
  acting: ActingUser,
  request: ActivateBenefitRequest,
  now: Date,
  delaySeconds: number,
): Promise<Result<TechnicalBenefit>> {
  const today = utcDay(now);
  const benefit = await benefitById(tx, acting.tenantId, request.benefitId, today, true);
  if (benefit === undefined) return fail({ code: 'NotFound', what: 'benefit', id: request.benefitId });
  if (benefit.status !== 'NotActivated') return fail({ code: 'AlreadyActivated', status: benefit.status });
  const contact = await checkContact(tx, acting, benefit, request);
  if (!contact.ok) return contact;
  const expectedActiveAt = addSeconds(now, delaySeconds).toISOString();
  await tx.query(
    `UPDATE technical_benefits SET status = 'Pending', contact_user_id = $2, alternate_email = $3, activated_by = $4,
       activation_requested_at = $5, expected_active_at = $6
     WHERE id = $1`,
    [
      benefit.id,
      contact.value?.contactUserId ?? null,
      contact.value?.alternateEmail ?? null,
      acting.user.id,
      now.toISOString(),
      expectedActiveAt,
    ],
  );
  await writeAudit(tx, {
    tenantId: acting.tenantId,
    at: now,
    actor: acting.user.id,
    action: 'benefit.activationRequested',
    targetId: benefit.id,
    detail: { benefitId: benefit.id, expectedActiveAt, ...(contact.value ?? {}) },
  });
  if (delaySeconds === 0) await activateLocked(tx, benefit.id, now);
  const updated = await benefitById(tx, acting.tenantId, benefit.id, today);
  if (updated === undefined) throw new Error(`benefit ${benefit.id} vanished inside its own transaction`);
  return ok(updated);
}

const digits = (count: number): string => Array.from({ length: count }, () => String(randomInt(10))).join('');

/** Partner-Center-like identifiers: "ACC-" and ten digits, "CON-" and eight digits. */
export const newAccessId = (): string => `ACC-${digits(10)}`;
export const newContractId = (): string => `CON-${digits(8)}`;

const dueRowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  activated_by: z.string(),
  activated_by_aad: z.string(),
});

/**
 * Pending → Active with fresh identifiers, for one benefit the transaction has locked; writes the
 * 'benefit.activated' entry a notifier uses to reach the admin who asked.
 */
async function activateLocked(tx: Queryable, benefitId: string, now: Date): Promise<void> {
  const rows = await tx.query(
    `SELECT tb.id, o.tenant_id, tb.activated_by, u.aad_object_id AS activated_by_aad
     FROM technical_benefits tb JOIN offers o ON o.id = tb.offer_id JOIN directory_users u ON u.id = tb.activated_by
     WHERE tb.id = $1 AND tb.status = 'Pending'`,
    [benefitId],
  );
  const due = dueRowSchema.parse(rows[0]);
  const accessId = newAccessId();
  const contractId = newContractId();
  await tx.query(
    "UPDATE technical_benefits SET status = 'Active', access_id = $2, contract_id = $3, activated_at = $4 " +
      'WHERE id = $1',
    [due.id, accessId, contractId, now.toISOString()],
  );
  await writeAudit(tx, {
    tenantId: due.tenant_id,
    at: now,
    actor: SYSTEM_ACTOR,
    action: 'benefit.activated',
    targetId: due.id,
    detail: {
      benefitId: due.id,
      accessId,
      contractId,
      activatedBy: due.activated_by,
      activatedByAadObjectId: due.activated_by_aad,
      tenantId: due.tenant_id,
    },
  });
}

/**
 * Every Pending benefit whose expected time has come turns Active, across tenants. SKIP LOCKED lets two
 * processors run side by side without taking the same benefit twice.
 */
export async function activateDue(tx: Queryable, now: Date): Promise<TechnicalBenefit[]> {
  const rows = await tx.query(
    `SELECT tb.id, o.tenant_id ${FROM_BENEFITS}
     WHERE tb.status = 'Pending' AND tb.expected_active_at <= $1
     ORDER BY tb.expected_active_at, tb.id FOR NO KEY UPDATE OF tb SKIP LOCKED`,
    [now.toISOString()],
  );
  const due = rows.map((row) => z.object({ id: z.string(), tenant_id: z.string() }).parse(row));
  const today = utcDay(now);
  const activated: TechnicalBenefit[] = [];
  for (const { id, tenant_id: tenantId } of due) {
    await activateLocked(tx, id, now);
    const benefit = await benefitById(tx, tenantId, id, today);
    if (benefit !== undefined) activated.push(benefit);
  }
  return activated;
}
