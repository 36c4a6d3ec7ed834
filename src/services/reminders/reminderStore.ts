import { z } from 'zod';
import type { Db } from '../db/db';
import { isoDateTime } from '../partner/schemas';

/** A user's wish to be reminded before an offer's renewal window opens. */
export const reminderOptInSchema = z.strictObject({
  tenantId: z.string().min(1),
  aadObjectId: z.string().min(1),
  offerId: z.string().min(1),
  /** The locale the user opted in with: reminders are written in its language. */
  locale: z.string().nullable(),
  createdAt: isoDateTime,
});
export type ReminderOptIn = z.infer<typeof reminderOptInSchema>;

/** One reminder: a user, an offer's window and how many days before it opens. Sent at most once. */
export interface ReminderKey {
  readonly tenantId: string;
  readonly aadObjectId: string;
  readonly offerId: string;
  readonly windowStart: string;
  readonly daysBefore: number;
}

const optInRow = z
  .object({
    tenant_id: z.string(),
    aad_object_id: z.string(),
    offer_id: z.string(),
    locale: z.string().nullable(),
    created_at: isoDateTime,
  })
  .transform((r) =>
    reminderOptInSchema.parse({
      tenantId: r.tenant_id,
      aadObjectId: r.aad_object_id,
      offerId: r.offer_id,
      locale: r.locale,
      createdAt: r.created_at,
    }),
  );

const keyParams = (key: ReminderKey): string[] => [key.tenantId, key.aadObjectId, key.offerId, key.windowStart];

/** Opt-ins and the claims that make each reminder go out once, across restarts and instances. */
export class ReminderStore {
  constructor(private readonly db: Db) {}

  /** Idempotent; a second opt-in only updates the locale. */
  async optIn(tenantId: string, aadObjectId: string, offerId: string, locale: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO reminder_optins (tenant_id, aad_object_id, offer_id, locale) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, aad_object_id, offer_id) DO UPDATE SET locale = EXCLUDED.locale`,
      [tenantId, aadObjectId, offerId, locale],
    );
  }

  /** True when there was an opt-in to remove. */
  async optOut(tenantId: string, aadObjectId: string, offerId: string): Promise<boolean> {
    const rows = await this.db.query(
      'DELETE FROM reminder_optins WHERE tenant_id = $1 AND aad_object_id = $2 AND offer_id = $3 RETURNING offer_id',
      [tenantId, aadObjectId, offerId],
    );
    return rows.length > 0;
  }

  /** Removes all of a user's opt-ins; returns how many there were. */
  async optOutAll(tenantId: string, aadObjectId: string): Promise<number> {
    const rows = await this.db.query(
      'DELETE FROM reminder_optins WHERE tenant_id = $1 AND aad_object_id = $2 RETURNING offer_id',
      [tenantId, aadObjectId],
    );
    return rows.length;
  }

  async listForUser(tenantId: string, aadObjectId: string): Promise<ReminderOptIn[]> {
    const rows = await this.db.query(
      `SELECT tenant_id, aad_object_id, offer_id, locale, created_at FROM reminder_optins
       WHERE tenant_id = $1 AND aad_object_id = $2 ORDER BY offer_id`,
      [tenantId, aadObjectId],
    );
    return rows.map((row) => optInRow.parse(row));
  }

  /** Every opt-in, grouped by user (the scheduler reads each user's renewals once). */
  async listAll(): Promise<ReminderOptIn[]> {
    const rows = await this.db.query(
      `SELECT tenant_id, aad_object_id, offer_id, locale, created_at FROM reminder_optins
       ORDER BY tenant_id, aad_object_id, offer_id`,
    );
    return rows.map((row) => optInRow.parse(row));
  }

  /**
   * Claims a reminder before sending it: true for exactly one caller, ever, unless released. The
   * primary key decides, so two instances on one database cannot both win.
   */
  async claim(key: ReminderKey, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO reminders_sent (tenant_id, aad_object_id, offer_id, window_start, days_before, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING days_before`,
      [...keyParams(key), key.daysBefore, at.toISOString()],
    );
    return rows.length > 0;
  }

  /** Gives a claim back after a failed send, so a later tick tries again. */
  async release(key: ReminderKey): Promise<void> {
    await this.db.query(
      `DELETE FROM reminders_sent
       WHERE tenant_id = $1 AND aad_object_id = $2 AND offer_id = $3 AND window_start = $4 AND days_before = $5`,
      [...keyParams(key), key.daysBefore],
    );
  }
}
