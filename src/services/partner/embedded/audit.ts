import type { Queryable } from '../../db/db';
import type { AuditEntry } from '../schemas';
import { auditEntryFromRow } from './rows';

/** The actor of background changes (activation processing). */
export const SYSTEM_ACTOR = 'system';

export interface NewAuditEntry {
  readonly tenantId: string;
  readonly at: Date;
  /** Directory user id, or SYSTEM_ACTOR. */
  readonly actor: string;
  readonly action: AuditEntry['action'];
  readonly targetId: string;
  readonly detail: Readonly<Record<string, string>>;
}

/** Serializes audit writers: see writeAudit. */
const AUDIT_LOCK = 727003;

/**
 * Call inside the transaction that makes the change, so the entry exists exactly when the change does.
 * The lock, held to commit, makes ids commit in order: a reader paging with auditSince(lastId) can then
 * never miss a smaller id that committed after a larger one.
 */
export async function writeAudit(tx: Queryable, entry: NewAuditEntry): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  await tx.query(
    `INSERT INTO audit_log (tenant_id, at, actor, action, target_id, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [entry.tenantId, entry.at.toISOString(), entry.actor, entry.action, entry.targetId, JSON.stringify(entry.detail)],
  );
}

export async function auditSince(q: Queryable, afterId: number, limit: number): Promise<AuditEntry[]> {
  const rows = await q.query(
    'SELECT id, at, actor, action, target_id, detail FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2',
    [afterId, limit],
  );
  return rows.map(auditEntryFromRow);
}
