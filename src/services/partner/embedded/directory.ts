import type { Queryable } from '../../db/db';
import type { DirectoryUser } from '../schemas';
import { directoryUserFromRow } from './rows';

const USER_COLUMNS = 'id, aad_object_id, display_name, email, roles';
const MAX_FOUND = 20;

export async function userByAadObjectId(
  q: Queryable,
  tenantId: string,
  aadObjectId: string,
): Promise<DirectoryUser | undefined> {
  const rows = await q.query(
    `SELECT ${USER_COLUMNS} FROM directory_users WHERE tenant_id = $1 AND aad_object_id = $2`,
    [tenantId, aadObjectId],
  );
  return rows[0] === undefined ? undefined : directoryUserFromRow(rows[0]);
}

/** `lock` takes the row for the rest of the transaction: changes about one user then run one at a time. */
export async function userById(
  q: Queryable,
  tenantId: string,
  id: string,
  lock = false,
): Promise<DirectoryUser | undefined> {
  const rows = await q.query(
    `SELECT ${USER_COLUMNS} FROM directory_users WHERE tenant_id = $1 AND id = $2${lock ? ' FOR NO KEY UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] === undefined ? undefined : directoryUserFromRow(rows[0]);
}

export async function usersByIds(q: Queryable, tenantId: string, ids: readonly string[]): Promise<DirectoryUser[]> {
  const rows = await q.query(
    `SELECT ${USER_COLUMNS} FROM directory_users
     WHERE tenant_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [tenantId, JSON.stringify(ids)],
  );
  const byId = new Map(rows.map(directoryUserFromRow).map((u) => [u.id, u]));
  // In the caller's order, each once.
  return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
}

export async function globalAdmins(q: Queryable, tenantId: string): Promise<DirectoryUser[]> {
  const rows = await q.query(
    `SELECT ${USER_COLUMNS} FROM directory_users WHERE tenant_id = $1 AND 'GlobalAdmin' = ANY (roles) ` +
      'ORDER BY display_name, id',
    [tenantId],
  );
  return rows.map(directoryUserFromRow);
}

/** Lower case without diacritics: "Hélène Côté" → "helene cote". */
export const foldText = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const byName = new Intl.Collator('en', { sensitivity: 'base' });

/**
 * Users whose name or e-mail contains the query, ignoring case and accents, by name, at most 20.
 * Folding runs here rather than in SQL: PGlite has no unaccent, and a directory is small.
 */
export async function findUsers(q: Queryable, tenantId: string, query: string): Promise<DirectoryUser[]> {
  const rows = await q.query(`SELECT ${USER_COLUMNS} FROM directory_users WHERE tenant_id = $1`, [tenantId]);
  const needle = foldText(query.trim());
  return rows
    .map(directoryUserFromRow)
    .filter((u) => foldText(u.displayName).includes(needle) || foldText(u.email).includes(needle))
    .sort((a, b) => byName.compare(a.displayName, b.displayName) || a.id.localeCompare(b.id))
    .slice(0, MAX_FOUND);
}
