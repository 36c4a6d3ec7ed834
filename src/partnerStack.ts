import type { Logger } from 'pino';
import type { AppConfig } from './config';
import type { Probe } from './http/healthRoute';
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

/** Budget of one /healthz probe: a health check must answer fast even when a dependency hangs. */
export const HEALTH_PROBE_MS = 2000;

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
  /** The /healthz probes: the database always, the partner API when it is remote. */
  readonly probes: Readonly<Record<string, Probe>>;
}

/** The remote API's state as /healthz reports it. */
function partnerApiProbe(remote: RemotePartnerService, timeoutMs: number): Probe {
  return async () => {
    const result = await remote.ping(timeoutMs);
    return result.ok ? 'ok' : result.error.code === 'Misconfigured' ? 'misconfigured' : 'down';
  };
}

export async function createPartnerStack(config: AppConfig, logger: Logger, clock: () => Date): Promise<PartnerStack> {
  const db = await openDb(config.database);
  try {
    return await buildStack(db, config, logger, clock);
  } catch (error) {
    // Release the database (and its lock) so a failed start leaves nothing held.
    await db.close().catch(() => undefined);
    throw error;
  }
}

async function buildStack(db: Db, config: AppConfig, logger: Logger, clock: () => Date): Promise<PartnerStack> {
  await migrate(db, logger.child({ component: 'migrate' }));
  let partner: PartnerService;
  let processor: ActivationProcessor | undefined;
  const probes: Record<string, Probe> = { database: async () => (await db.ping(), 'ok') };
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
    const remote = new RemotePartnerService({
      baseUrl: config.partner.baseUrl,
      token: config.partner.token,
      timeoutMs: config.partner.timeoutMs,
      logger: logger.child({ component: 'partner-remote' }),
    });
    partner = remote;
    probes.partnerApi = partnerApiProbe(remote, HEALTH_PROBE_MS);
  }
  return {
    db,
    partner,
    processor,
    conversations: new ConversationStore(db, logger.child({ component: 'conversations' })),
    reminders: new ReminderStore(db),
    cursors: new JobCursorStore(db),
    calendar: new CalendarLinks(db, config.publicUrl),
    probes,
  };
}
