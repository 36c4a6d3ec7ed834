import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from './db';

export const migrationsDir = path.join(__dirname, 'migrations');

/**
 * Applies `NNN_name.sql` files in order, each once, each in its own transaction, recorded in
 * schema_migrations. An advisory lock keeps two instances starting together on one server apart.
 */
export async function migrate(db: Db, logger: Logger, dir: string = migrationsDir): Promise<number[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    // Lock first: two processes creating the table at once on a fresh server would collide.
    await tx.query('SELECT pg_advisory_xact_lock(727001)');
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (done.has(version)) continue;
      const sql = await readFile(path.join(dir, file), 'utf8');
      // Statements one by one: the extended protocol that parameters use takes one statement at a time.
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
      applied.push(version);
      logger.info({ migration: file }, 'migration applied');
    }
  });
  return applied;
}

/** Splits on semicolons that end a line; migrations keep function bodies out so this stays enough. */
export function splitStatements(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, '')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
