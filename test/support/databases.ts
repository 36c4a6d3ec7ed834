import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/services/db/db';
import { tempDir } from './fixtures';

/** A test's own database, and how to throw it away. */
export interface OpenedDb {
  readonly db: Db;
  readonly dispose: () => Promise<void>;
}

/** A PGlite database in a temporary folder. */
export async function openPglite(): Promise<OpenedDb> {
  const temp = await tempDir();
  const db = await openDb({ kind: 'pglite', dir: temp.dir });
  return { db, dispose: async () => (await db.close(), await temp.remove()) };
}

/** A database of its own on the TEST_DATABASE_URL server (`url`), named `prefix_…`, dropped by `drop`. */
export async function ownPostgresDatabase(
  url: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => dropper.end());
    },
  };
}

/** `ownPostgresDatabase`, opened. */
export async function openPostgres(url: string, prefix: string): Promise<OpenedDb> {
  const own = await ownPostgresDatabase(url, prefix);
  const db = await openDb({ kind: 'postgres', url: own.url });
  return { db, dispose: async () => (await db.close(), await own.drop()) };
}
