import type { Queryable } from '../../db/db';
import { utcDay } from '../renewal';
import { fail, ok, type Result } from '../result';
import type { AssignSubscriptionRequest, VsSubscription } from '../schemas';
import { writeAudit } from './audit';
import type { ActingUser } from './authorization';
import { userById } from './directory';
import { vsSubscriptionFromRow } from './rows';

const SEAT_COLUMNS = 's.id, s.offer_id, s.offer_kind, s.edition, s.assignee_user_id, s.assigned_on';
const FROM_SEATS = 'FROM vs_subscriptions s JOIN offers o ON o.id = s.offer_id';

export async function listSeats(q: Queryable, tenantId: string): Promise<VsSubscription[]> {
  const rows = await q.query(
    `SELECT ${SEAT_COLUMNS} ${FROM_SEATS} WHERE o.tenant_id = $1 ORDER BY o.kind, o.id, s.id`,
    [tenantId],
  );
  return rows.map(vsSubscriptionFromRow);
}

async function seatById(q: Queryable, tenantId: string, id: string, lock = false): Promise<VsSubscription | undefined> {
  const rows = await q.query(
    `SELECT ${SEAT_COLUMNS} ${FROM_SEATS} WHERE o.tenant_id = $1 AND s.id = $2${lock ? ' FOR NO KEY UPDATE OF s' : ''}`,
    [tenantId, id],
  );
  return rows[0] === undefined ? undefined : vsSubscriptionFromRow(rows[0]);
}

/**
 * Gives the seat to the assignee: a free seat at once, someone else's only from 90 days after their
 * assignment. Locks the assignee's directory row, then the seat, always in that order: two requests for
 * one user, or for one seat, run one after the other and the second sees the first's outcome.
 */
export async function assignSeat(
  tx: Queryable,
  acting: ActingUser,
  request: AssignSubscriptionRequest,
  now: Date,
): Promise<Result<VsSubscription>> {
  const assignee = await userById(tx, acting.tenantId, request.assigneeUserId, true);
  if (assignee === undefined) return fail({ code: 'NotFound', what: 'user', id: request.assigneeUserId });
  const seat = await seatById(tx, acting.tenantId, request.subscriptionId, true);
  if (seat === undefined) return fail({ code: 'NotFound', what: 'subscription', id: request.subscriptionId });
  if (seat.assigneeUserId === assignee.id) return fail({ code: 'AlreadyAssignedToUser' });
  const today = utcDay(now);
  const base = { tenantId: acting.tenantId, at: now, actor: acting.user.id, targetId: seat.id };
  if (seat.assigneeUserId !== null) {
    // The table's CHECK pairs an assignee with a date; reassignableFrom follows from it.
    if (seat.assignedOn === null || seat.reassignableFrom === null)
      throw new Error(`seat ${seat.id} has an assignee but no date`);
    if (today < seat.reassignableFrom)
      return fail({ code: 'ReassignTooSoon', reassignableFrom: seat.reassignableFrom });
    await writeAudit(tx, {
      ...base,
      action: 'subscription.unassigned',
      detail: { subscriptionId: seat.id, userId: seat.assigneeUserId, assignedOn: seat.assignedOn },
    });
  }
  await tx.query('UPDATE vs_subscriptions SET assignee_user_id = $2, assigned_on = $3 WHERE id = $1', [
    seat.id,
    assignee.id,
    today,
  ]);
  await writeAudit(tx, {
    ...base,
    action: 'subscription.assigned',
    detail: { subscriptionId: seat.id, userId: assignee.id, edition: seat.edition, assignedOn: today },
  });
  const updated = await seatById(tx, acting.tenantId, seat.id);
  if (updated === undefined) throw new Error(`seat ${seat.id} vanished inside its own transaction`);
  return ok(updated);
}
