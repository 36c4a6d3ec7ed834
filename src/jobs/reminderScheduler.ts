import type { Logger } from 'pino';
import type { PartnerService } from '../services/partner/partnerService';
import { reminderDates, utcDay } from '../services/partner/renewal';
import type { RenewalFacts } from '../services/partner/schemas';
import type { ConversationStore, ProactiveTarget } from '../services/proactive/conversationStore';
import { PeriodicTask } from './periodicTask';
import type { ReminderKey, ReminderOptIn, ReminderStore } from '../services/reminders/reminderStore';

/** What a renewal reminder says; the bot layer words it. */
export interface RenewalReminder {
  readonly offerId: string;
  readonly offerName: string;
  /** Which reminder this is: 30, 7 or 1 (days before the window opens). */
  readonly daysBefore: number;
  /** The actual days left today: more than daysBefore when a reminder goes out late (the bot was down). */
  readonly daysUntilWindowStart: number;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly anniversary: string;
}

/** Delivers one reminder; false (or a throw) means not delivered, and a later tick tries again. */
export type SendReminder = (target: ProactiveTarget, reminder: RenewalReminder) => Promise<boolean>;

export interface ReminderSchedulerOptions {
  readonly store: ReminderStore;
  readonly partner: PartnerService;
  readonly conversations: ConversationStore;
  readonly send: SendReminder;
  readonly clock: () => Date;
  readonly logger: Logger;
}

export interface ReminderTickResult {
  readonly sent: number;
  readonly failed: number;
}

/**
 * The reminder to send on `today` for a window opening on `windowStart`: the latest of the 30/7/1-day
 * reminders that has fallen due (an older one is stale once a newer one is due), none once the window opened.
 */
export function dueReminder(windowStart: string, today: string): number | undefined {
  if (today >= windowStart) return undefined;
  const due = reminderDates(windowStart).filter((r) => r.date <= today);
  return due.at(-1)?.daysBefore;
}

/** Sends renewal reminders to users who opted in, each reminder once. */
export class ReminderScheduler {
  private readonly task: PeriodicTask;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.task = new PeriodicTask('renewal-reminders', () => this.tick(), options.logger);
  }

  /** Runs once now (sending what fell due while the bot was down), then every `intervalMs`. */
  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async tick(): Promise<ReminderTickResult> {
    const { store, partner, clock, logger } = this.options;
    const now = clock();
    const today = utcDay(now);
    let sent = 0;
    let failed = 0;
    for (const optIns of groupByUser(await store.listAll())) {
      const first = optIns[0];
      if (first === undefined) continue;
      // The opted-in user is the actor: one removed from the directory gets NotInDirectory, so nothing.
      const actor = { tenantId: first.tenantId, aadObjectId: first.aadObjectId };
      const renewals = await partner.renewals(actor, today);
      if (!renewals.ok) {
        logger.info({ ...actor, code: renewals.error.code }, 'renewal reminders skipped for this user');
        continue;
      }
      for (const optIn of optIns) {
        const facts = renewals.value.find((f) => f.offerId === optIn.offerId);
        if (facts === undefined) {
          logger.debug({ ...actor, offerId: optIn.offerId }, 'opted-in offer not found');
          continue;
        }
        const outcome = await this.remind(optIn, facts, today, now);
        if (outcome === 'sent') sent += 1;
        if (outcome === 'failed') failed += 1;
      }
    }
    if (sent + failed > 0) logger.info({ sent, failed, today }, 'renewal reminders');
    return { sent, failed };
  }

  private async remind(
    optIn: ReminderOptIn,
    facts: RenewalFacts,
    today: string,
    now: Date,
  ): Promise<'sent' | 'failed' | 'none'> {
    const { store, conversations, logger } = this.options;
    const daysBefore = dueReminder(facts.windowStart, today);
    if (daysBefore === undefined) return 'none';
    const found = await conversations.get(optIn.tenantId, optIn.aadObjectId);
    if (found === undefined) {
      // No claim: the reminder can still go out once the user has talked to the bot again.
      logger.warn(
        { tenantId: optIn.tenantId, aadObjectId: optIn.aadObjectId },
        'no conversation reference for a reminder',
      );
      return 'none';
    }
    const key: ReminderKey = { ...optIn, windowStart: facts.windowStart, daysBefore };
    if (!(await store.claim(key, now))) return 'none';
    // The language the user last used with the bot (saved each turn); the opt-in's only when none was saved.
    const target: ProactiveTarget = { ...found, locale: found.locale ?? optIn.locale };
    const reminder: RenewalReminder = {
      offerId: facts.offerId,
      offerName: facts.offerName,
      daysBefore,
      daysUntilWindowStart: facts.daysUntilWindowStart,
      windowStart: facts.windowStart,
      windowEnd: facts.windowEnd,
      anniversary: facts.anniversary,
    };
    let delivered = false;
    try {
      delivered = await this.options.send(target, reminder);
    } catch (error) {
      logger.warn({ err: error, offerId: key.offerId }, 'sending a renewal reminder threw');
    }
    if (delivered) return 'sent';
    await store.release(key);
    return 'failed';
  }
}

/** Opt-ins come ordered by tenant and user; one group per user. */
function groupByUser(optIns: readonly ReminderOptIn[]): ReminderOptIn[][] {
  const groups: ReminderOptIn[][] = [];
  for (const optIn of optIns) {
    const last = groups.at(-1);
    const head = last?.[0];
    if (last !== undefined && head?.tenantId === optIn.tenantId && head.aadObjectId === optIn.aadObjectId)
      last.push(optIn);
    else groups.push([optIn]);
  }
  return groups;
}
