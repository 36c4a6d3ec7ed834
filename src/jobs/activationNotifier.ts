import type { Logger } from 'pino';
import { z } from 'zod';
import type { PartnerService } from '../services/partner/partnerService';
import type { AuditEntry } from '../services/partner/schemas';
import type { ConversationStore, ProactiveTarget } from '../services/proactive/conversationStore';
import type { JobCursorStore } from '../services/proactive/jobCursorStore';
import { PeriodicTask } from './periodicTask';

export const ACTIVATION_CURSOR = 'activation-notifier';
const PAGE_SIZE = 50;

/** What the admin is told: the benefit they activated is Active, with the ids support will ask for. */
export interface ActivationNotice {
  readonly benefitId: string;
  readonly accessId: string;
  readonly contractId: string;
}

/** Delivers one notice; false (or a throw) means not delivered, and the next tick tries again. */
export type SendActivationNotice = (target: ProactiveTarget, activation: ActivationNotice) => Promise<boolean>;

export interface ActivationNotifierOptions {
  readonly partner: PartnerService;
  readonly cursorStore: JobCursorStore;
  readonly conversations: ConversationStore;
  readonly send: SendActivationNotice;
  readonly logger: Logger;
}

export interface ActivationTickResult {
  readonly sent: number;
  readonly skipped: number;
  /** True when a send failed: the tick stopped there and that entry comes again next tick. */
  readonly stopped: boolean;
}

/** The detail a 'benefit.activated' audit entry carries (extra keys are ignored). */
const activatedDetailSchema = z.object({
  tenantId: z.string().min(1),
  activatedByAadObjectId: z.string().min(1),
  accessId: z.string().min(1),
  contractId: z.string().min(1),
});

/**
 * Follows the partner audit log and tells the admin who requested an activation when the benefit
 * turns Active. The log is the source of truth; the cursor only records how far this job has read.
 * Delivery is at least once: the cursor moves after the send, so a crash in between sends again.
 */
export class ActivationNotifier {
  private readonly task: PeriodicTask;

  constructor(private readonly options: ActivationNotifierOptions) {
    this.task = new PeriodicTask(ACTIVATION_CURSOR, () => this.tick(), options.logger);
  }

  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async tick(): Promise<ActivationTickResult> {
    const { partner, cursorStore, logger } = this.options;
    let sent = 0;
    let skipped = 0;
    for (;;) {
      const page = await partner.auditSince(await cursorStore.get(ACTIVATION_CURSOR), PAGE_SIZE);
      if (!page.ok) {
        logger.warn({ code: page.error.code }, 'audit log not readable; activation notices wait');
        return { sent, skipped, stopped: true };
      }
      for (const entry of page.value) {
        const outcome = await this.handle(entry);
        if (outcome === 'failed') return { sent, skipped, stopped: true };
        if (outcome === 'sent') sent += 1;
        if (outcome === 'skipped') skipped += 1;
        await cursorStore.advance(ACTIVATION_CURSOR, entry.id);
      }
      if (page.value.length < PAGE_SIZE) return { sent, skipped, stopped: false };
    }
  }

  private async handle(entry: AuditEntry): Promise<'sent' | 'skipped' | 'ignored' | 'failed'> {
    const { conversations, logger } = this.options;
    if (entry.action !== 'benefit.activated') return 'ignored';
    const detail = activatedDetailSchema.safeParse(entry.detail);
    if (!detail.success) {
      logger.error({ auditId: entry.id }, 'benefit.activated entry without the expected detail');
      return 'skipped';
    }
    const { tenantId, activatedByAadObjectId, accessId, contractId } = detail.data;
    const target = await conversations.get(tenantId, activatedByAadObjectId);
    if (target === undefined) {
      logger.warn(
        { auditId: entry.id, tenantId, aadObjectId: activatedByAadObjectId },
        'no conversation reference: activation notice skipped',
      );
      return 'skipped';
    }
    try {
      if (await this.options.send(target, { benefitId: entry.targetId, accessId, contractId })) return 'sent';
    } catch (error) {
      logger.warn({ err: error, auditId: entry.id }, 'sending an activation notice threw');
    }
    return 'failed';
  }
}
