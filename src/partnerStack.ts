import type { Logger } from 'pino';
import type { AppConfig } from './config';
import { openDb, type Db } from './services/db/db';
import { migrate } from './services/db/migrate';
import { createEmbeddedPartnerService } from './services/partner/embedded';
import type { ActivationProcessor, PartnerService } from './services/partner/partnerService';
import { RemotePartnerService } from './services/partner/remote/remotePartnerService';
import { utcDay } from './services/partner/renewal';
import { seedDemoOrganization } from './services/partner/seed';
import { ConversationStore } from './services/proactive/conversationStore';
import { JobCursorStore } from './services/proactive/jobCursorStore';
import { ReminderStore } from './services/reminders/reminderStore';
import { CalendarLinks } from './services/renewal/calendarLinks';

/** The database and the services over it; no botbuilder here. */
export interface PartnerStack {
  readonly db: Db;
  readonly partner: PartnerService;
  /** Only the embedded organization processes activations itself. */
  readonly processor: ActivationProcessor | undefined;
  readonly conversations: ConversationStore;
  readonly reminders: ReminderStore;
  readonly cursors: JobCursorStore;
  readonly calendar: CalendarLinks;
}

export async function createPartnerStack(config: AppConfig, logger: Logger, clock: () => Date): Promise<PartnerStack> {
  const db = await openDb(config.database);
  await migrate(db, logger.child({ component: 'migrate' }));
  let partner: PartnerService;
  let processor: ActivationProcessor | undefined;
  if (config.partner.kind === 'embedded') {
    if (await seedDemoOrganization(db, utcDay(clock()))) logger.info('seeded the demo organization "Contoso"');
    const embedded = createEmbeddedPartnerService({
      db,
      clock,
      activationDelaySeconds: config.partner.activationDelaySeconds,
      logger: logger.child({ component: 'partner' }),
    });
    partner = embedded;
    processor = embedded;
  } else {
    partner = new RemotePartnerService({
      baseUrl: config.partner.baseUrl,
      token: config.partner.token,
      timeoutMs: config.partner.timeoutMs,
      logger: logger.child({ component: 'partner-remote' }),
    });
  }
  return {
    db,
    partner,
    processor,
    conversations: new ConversationStore(db, logger.child({ component: 'conversations' })),
    reminders: new ReminderStore(db),
    cursors: new JobCursorStore(db),
    calendar: new CalendarLinks(db, config.publicUrl),
  };
}
