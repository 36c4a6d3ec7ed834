import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../db/db';
import { failWith, succeed, type Result } from '../result';

/**
 * The fields of a Bot Framework ConversationReference that continueConversation needs, checked
 * without importing botbuilder (the service layer must not depend on it). Extra fields are kept.
 */
export const conversationReferenceSchema = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.url(),
  conversation: z.looseObject({
    id: z.string().min(1),
    tenantId: z.string().min(1).optional(),
    conversationType: z.string().min(1).optional(),
  }),
  bot: z.looseObject({ id: z.string().min(1), name: z.string().optional() }),
  user: z.looseObject({
    id: z.string().min(1),
    name: z.string().optional(),
    aadObjectId: z.string().min(1).optional(),
  }),
  locale: z.string().optional(),
});
export type StoredConversationReference = z.infer<typeof conversationReferenceSchema>;

/** Whom a proactive message goes to and how to reach them. */
export interface ProactiveTarget {
  readonly tenantId: string;
  readonly aadObjectId: string;
  /** The language the bot last used with the user ('en' or 'fr'; a Teams locale in older rows; null if none saved). */
  readonly locale: string | null;
  readonly reference: StoredConversationReference;
}

export type SaveReferenceResult = Result<void, { readonly code: 'InvalidReference'; readonly detail: string }>;

const rowSchema = z.object({
  tenant_id: z.string(),
  aad_object_id: z.string(),
  locale: z.string().nullable(),
  reference: z.unknown(),
});

/** The last conversation reference per user (tenant + AAD object id), for proactive messages. */
export class ConversationStore {
  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /** Keeps the latest reference; a reference without the fields needed to reply later is refused, not stored. */
  async save(
    tenantId: string,
    aadObjectId: string,
    locale: string | null,
    reference: unknown,
  ): Promise<SaveReferenceResult> {
    const parsed = conversationReferenceSchema.safeParse(reference);
    if (!parsed.success) {
      return failWith({ code: 'InvalidReference', detail: z.prettifyError(parsed.error) });
    }
    await this.db.query(
      `INSERT INTO conversation_refs (tenant_id, aad_object_id, locale, reference, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, now())
       ON CONFLICT (tenant_id, aad_object_id)
       DO UPDATE SET locale = EXCLUDED.locale, reference = EXCLUDED.reference, updated_at = EXCLUDED.updated_at`,
      [tenantId, aadObjectId, locale, JSON.stringify(parsed.data)],
    );
    return succeed(undefined);
  }

  /** The user's reference, or undefined when there is none or the stored one no longer parses. */
  async get(tenantId: string, aadObjectId: string): Promise<ProactiveTarget | undefined> {
    const rows = await this.db.query(
      'SELECT tenant_id, aad_object_id, locale, reference FROM conversation_refs ' +
        'WHERE tenant_id = $1 AND aad_object_id = $2',
      [tenantId, aadObjectId],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const { locale, reference } = rowSchema.parse(row);
    const parsed = conversationReferenceSchema.safeParse(reference);
    if (!parsed.success) {
      // Written by hand or by an older version: skip this user rather than fail the whole job.
      this.logger.warn(
        { tenantId, aadObjectId, issues: parsed.error.issues.length },
        'stored conversation reference is invalid',
      );
      return undefined;
    }
    return { tenantId, aadObjectId, locale, reference: parsed.data };
  }

  /** Forgets a user, e.g. after the Bot Connector said the bot was removed from the conversation. */
  async remove(tenantId: string, aadObjectId: string): Promise<boolean> {
    const rows = await this.db.query(
      'DELETE FROM conversation_refs WHERE tenant_id = $1 AND aad_object_id = $2 RETURNING tenant_id',
      [tenantId, aadObjectId],
    );
    return rows.length > 0;
  }
}
