import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DatabaseConfig } from '../../config';
import { ensureWritableDir, lockDir } from './dataDir';

/** A list travels as a Postgres array (`= ANY($1::text[])`), on both drivers. */
export type SqlValue = string | number | boolean | null | readonly string[];
export type Row = Record<string, unknown>;

/** The little SQL surface the services need; the same SQL runs on PGlite and on a PostgreSQL server. */
export interface Queryable {
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
}

export interface Db extends Queryable {
  readonly kind: DatabaseConfig['kind'];
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** A cheap round trip (`SELECT 1`) for /healthz; rejects when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Calendar dates stay `YYYY-MM-DD` strings (a Date would shift with the time zone), instants become ISO
// strings and 64-bit integers plain numbers, the same on both drivers.
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const INT8 = 20;
const toIso = (value: string): string =>
  new Date(value.includes('T') || /[+-]\d\d$/.test(value) ? value : `${value}Z`).toISOString();
const parsers = {
  [DATE]: (value: string) => value,
  [TIMESTAMP]: toIso,
  [TIMESTAMPTZ]: toIso,
  [INT8]: (value: string) => Number(value),
} as const;

async function openPglite(dir: string): Promise<Db> {
  await ensureWritableDir(dir);
  const lock = await lockDir(dir);
  // Postgres' default 128 MB of shared buffers costs the bot ~250 MB of RSS; its tables are tiny.
  const options = {
    dataDir: dir,
    parsers,
    postgresqlconf: 'shared_buffers = 16MB\nwork_mem = 4MB\nwal_buffers = 1MB\n',
  };
  let db: PGlite;
  try {
    db = await PGlite.create(options);
    await db.exec(`SET TIME ZONE 'UTC'`);
  } catch (error) {
    await lock.release();
    throw error;
  }
  const run = async (q: Pick<PGlite, 'query'>, sql: string, params: readonly SqlValue[] = []): Promise<Row[]> =>
    (await q.query<Row>(sql, [...params])).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction: (work) => db.transaction((tx) => work({ query: (sql, params) => run(tx, sql, params) })),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: async () => {
      try {
        // Idempotent: a test may close the database under a running app, whose close() closes it again.
        if (!db.closed) await db.close();
      } finally {
        await lock.release();
      }
    },
    ping: async () => {
      await db.query('SELECT 1');
    },
  };
}

function openPostgres(url: string): Db {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
      oid in parsers
        ? parsers[oid as keyof typeof parsers]
        : (pg.types.getTypeParser(oid, format) as (value: string) => unknown),
  };
  const pool = new pg.Pool({ connectionString: url, types, max: 5, options: '-c TimeZone=UTC' });
  const run = async (q: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[] = []): Promise<Row[]> =>
    (await q.query<Row>(sql, [...params])).rows;
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
    ping: async () => {
      await pool.query('SELECT 1');
    },
  };
}

/** Opens the database the configuration names; run `migrate` on it before use. */
export async function openDb(config: DatabaseConfig): Promise<Db> {
  return config.kind === 'pglite' ? openPglite(config.dir) : openPostgres(config.url);
}
