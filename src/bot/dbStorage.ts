import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Db, Queryable } from '../services/db/db';

/** A write whose eTag no longer names the stored document: another turn wrote (or deleted) it first. */
export class StateConflictError extends Error {
  constructor(readonly key: string) {
    // The wording of botbuilder's own storages, so logs read the same.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'StateConflictError';
  }
}

export interface DbStorageOptions {
  readonly clock: () => Date;
  /** A document not written for this long reads as absent, and the clean-up deletes it. */
  readonly ttlMs: number;
}

type Document = Record<string, unknown>;

const isDocument = (value: unknown): value is Document =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * botbuilder's Storage over the bot_state table, with the SDK's eTag contract (as MemoryStorage and
 * the Cosmos and Blobs storages): a write with eTag '*' or none overwrites; a write with any other
 * eTag must match the stored one, else it throws StateConflictError. One difference, on purpose: an
 * eTag for a document that no longer exists is a conflict too (a turn must not bring back a dialog
 * stack another turn removed). A write of several items is one transaction: all or nothing.
 */
export class DbStorage implements Storage {
  constructor(
    private readonly db: Db,
    private readonly options: DbStorageOptions,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const rows = await this.db.query(
      'SELECT key, document, etag FROM bot_state WHERE key = ANY($1::text[]) AND updated_at > $2',
      [keys, this.cutoff()],
    );
    const items: StoreItems = {};
    for (const row of rows) {
      if (typeof row.key === 'string' && isDocument(row.document))
        items[row.key] = { ...row.document, eTag: String(row.etag) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.writeReturningETags(changes);
  }

  /** Writes like `write` and returns each key's new eTag. */
  async writeReturningETags(changes: StoreItems): Promise<Record<string, string>> {
    const entries: [string, unknown][] = Object.entries(changes);
    if (entries.length === 0) return {};
    const now = this.options.clock().toISOString();
    return this.db.transaction(async (tx) => {
      const written: Record<string, string> = {};
      for (const [key, item] of entries) {
        if (!isDocument(item)) throw new TypeError(`Storage: the item for "${key}" is not an object.`);
        written[key] = await writeOne(tx, key, item, now);
      }
      return written;
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }

  /** True when the key's document is still stored but has expired (it reads as absent). */
  async hasExpired(key: string): Promise<boolean> {
    return (
      (await this.db.query('SELECT 1 FROM bot_state WHERE key = $1 AND updated_at <= $2', [key, this.cutoff()]))
        .length > 0
    );
  }

  /** Deletes the documents that have expired; returns how many (the periodic clean-up). */
  async deleteExpired(): Promise<number> {
    const rows = await this.db.query('DELETE FROM bot_state WHERE updated_at <= $1 RETURNING key', [this.cutoff()]);
    return rows.length;
  }

  private cutoff(): string {
    return new Date(this.options.clock().getTime() - this.options.ttlMs).toISOString();
  }
}

async function writeOne(tx: Queryable, key: string, item: Document, now: string): Promise<string> {
  const { eTag, ...document } = item;
  const etag = randomUUID();
  const json = JSON.stringify(document);
  if (eTag === undefined || eTag === null || eTag === '' || eTag === '*') {
    await tx.query(
      `INSERT INTO bot_state (key, document, etag, updated_at) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (key) DO UPDATE
         SET document = excluded.document, etag = excluded.etag, updated_at = excluded.updated_at`,
      [key, json, etag, now],
    );
    return etag;
  }
  // On PostgreSQL a concurrent writer holds the row until it commits; the WHERE is then checked
  // against its new eTag, so of two writers with the same eTag exactly one updates.
  const updated = await tx.query(
    'UPDATE bot_state SET document = $2::jsonb, etag = $3, updated_at = $4 WHERE key = $1 AND etag = $5 RETURNING key',
    [key, json, etag, now, typeof eTag === 'string' ? eTag : JSON.stringify(eTag)],
  );
  if (updated.length === 0) throw new StateConflictError(key);
  return etag;
}

/**
 * The Storage to give ConversationState. BotState.saveChanges writes every document with eTag '*'
 * (last writer wins), so two turns of one conversation at once would silently lose one's update.
 * This keeps the eTag each document object was read (or last written) with, and writes with it
 * instead of '*': the later of two concurrent turns then fails with StateConflictError. New objects
 * (a first turn's state, DialogStateStore's own records) are written as they come.
 */
export class TurnStateStorage implements Storage {
  // Keyed by the very object BotState caches for the turn and later writes.
  private readonly etags = new WeakMap<object, string>();

  constructor(private readonly inner: DbStorage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    for (const item of Object.values<unknown>(items)) {
      if (isDocument(item) && typeof item.eTag === 'string') this.etags.set(item, item.eTag);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const originals: [string, unknown][] = Object.entries(changes);
    const checked: Record<string, unknown> = {};
    for (const [key, item] of originals) {
      const known = isDocument(item) && item.eTag === '*' ? this.etags.get(item) : undefined;
      checked[key] = known !== undefined && isDocument(item) ? { ...item, eTag: known } : item;
    }
    const written = await this.inner.writeReturningETags(checked);
    for (const [key, item] of originals) {
      const etag = written[key];
      if (isDocument(item) && etag !== undefined) this.etags.set(item, etag);
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}
