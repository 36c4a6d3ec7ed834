import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/db';
import { languageSchema } from '../../knowledge/schema';

const linkRow = z.object({
  tenant_id: z.string(),
  aad_object_id: z.string(),
  offer_id: z.string(),
  language: languageSchema,
});
export type CalendarLink = {
  readonly tenantId: string;
  readonly aadObjectId: string;
  readonly offerId: string;
  readonly language: z.infer<typeof languageSchema>;
};

/** Tokens for the "Add to calendar" links; one per user, offer and language, kept across restarts. */
export class CalendarLinks {
  constructor(
    private readonly db: Db,
    private readonly publicUrl: string,
  ) {}

  async urlFor(link: CalendarLink): Promise<string> {
    const rows = await this.db.query(
      `INSERT INTO calendar_links (token, tenant_id, aad_object_id, offer_id, language) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, aad_object_id, offer_id, language) DO UPDATE SET language = EXCLUDED.language
       RETURNING token`,
      [randomBytes(18).toString('base64url'), link.tenantId, link.aadObjectId, link.offerId, link.language],
    );
    const token = z.object({ token: z.string() }).parse(rows[0]).token;
    return `${this.publicUrl.replace(/\/$/, '')}/calendar/${token}.ics`;
  }

  async resolve(token: string): Promise<CalendarLink | undefined> {
    const rows = await this.db.query(
      'SELECT tenant_id, aad_object_id, offer_id, language FROM calendar_links WHERE token = $1',
      [token],
    );
    const row = linkRow.safeParse(rows[0]);
    return row.success
      ? {
          tenantId: row.data.tenant_id,
          aadObjectId: row.data.aad_object_id,
          offerId: row.data.offer_id,
          language: row.data.language,
        }
      : undefined;
  }
}
