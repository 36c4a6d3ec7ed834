import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../../db/db';
import { fail, ok, type Result } from '../result';

/** Advisory lock class for request ids (the migrations use 727001). */
const REQUEST_LOCK_CLASS = 727002;

export interface IdempotentCall<T> {
  readonly requestId: string;
  readonly operation: 'activateTechnicalBenefit' | 'assignSubscription';
  readonly actorUserId: string;
  /** The request without its requestId: what "the same request" means. */
  readonly request: Readonly<Record<string, string>>;
  /** Parses the stored result back when the request is replayed. */
  readonly schema: z.ZodType<T>;
  readonly now: Date;
}

/** sha256 of the operation and the request with its keys sorted, so key order does not matter. */
export function requestHash(operation: string, request: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify([
    operation,
    Object.entries(request).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

const storedSchema = z.object({
  actor_user_id: z.string(),
  operation: z.string(),
  request_hash: z.string(),
  result: z.unknown(),
});

/**
 * Runs `work` once per request id, inside the caller's transaction. A request id seen before replays
 * the stored result if the actor, operation and request are the same, and is refused otherwise.
 * Only successes are stored: a refusal changed nothing, so a retry is judged afresh. The advisory lock
 * makes a concurrent duplicate wait for the first one and then replay it.
 */
export async function idempotent<T>(
  tx: Queryable,
  call: IdempotentCall<T>,
  work: () => Promise<Result<T>>,
): Promise<Result<T>> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REQUEST_LOCK_CLASS, call.requestId]);
  const hash = requestHash(call.operation, call.request);
  const rows = await tx.query(
    'SELECT actor_user_id, operation, request_hash, result FROM idempotency WHERE request_id = $1',
    [call.requestId],
  );
  if (rows[0] !== undefined) {
    const stored = storedSchema.parse(rows[0]);
    const same =
      stored.actor_user_id === call.actorUserId && stored.operation === call.operation && stored.request_hash === hash;
    return same ? ok(call.schema.parse(stored.result)) : fail({ code: 'RequestIdReused' });
  }
  const result = await work();
  if (result.ok) {
    await tx.query(
      `INSERT INTO idempotency (request_id, actor_user_id, operation, request_hash, result, created_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [call.requestId, call.actorUserId, call.operation, hash, JSON.stringify(result.value), call.now.toISOString()],
    );
  }
  return result;
}
