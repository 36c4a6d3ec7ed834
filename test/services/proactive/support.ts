import { openDb, type Db } from '../../../src/services/db/db';
import { migrate } from '../../../src/services/db/migrate';
import { createEmbeddedPartnerService, type EmbeddedPartnerService } from '../../../src/services/partner/embedded';
import type { Actor } from '../../../src/services/partner/schemas';
import { DEMO_TENANT_ID, DEMO_USERS, seedDemoOrganization } from '../../../src/services/partner/seed';
import type { StoredConversationReference } from '../../../src/services/proactive/conversationStore';
import { silentLogger, tempDir } from '../../support/fixtures';

/** A seeded demo user as the bot sees them (tenant + AAD object id). */
export function demoActor(id: string): Actor {
  const user = DEMO_USERS.find((u) => u.id === id);
  if (user === undefined) throw new Error(`no demo user ${id}`);
  return { tenantId: DEMO_TENANT_ID, aadObjectId: user.aadObjectId };
}

/** What TurnContext.getConversationReference gives for a Teams personal chat with this user. */
export function teamsReference(actor: Actor, locale = 'en-US'): StoredConversationReference {
  return {
    activityId: 'f:1',
    user: { id: `29:${actor.aadObjectId}`, aadObjectId: actor.aadObjectId },
    bot: { id: '28:bot', name: 'Partner Benefits' },
    conversation: { id: `a:${actor.aadObjectId}`, tenantId: actor.tenantId, conversationType: 'personal' },
    channelId: 'msteams',
    locale,
    serviceUrl: 'https://127.0.0.1/teams/',
  };
}

/** The clock every part under test reads; tests move it. */
export interface TestClock {
  now: Date;
}

export interface SeededDb {
  readonly db: Db;
  readonly dir: string;
  readonly clock: TestClock;
  readonly partner: EmbeddedPartnerService;
  /** Closes this Db and opens the same directory again, as a restarted process would. */
  readonly reopen: () => Promise<SeededDb>;
  readonly dispose: () => Promise<void>;
}

async function open(dir: string, clock: TestClock, remove: () => Promise<void>): Promise<SeededDb> {
  const db = await openDb({ kind: 'pglite', dir });
  await migrate(db, silentLogger);
  const partner = createEmbeddedPartnerService({
    db,
    clock: () => clock.now,
    activationDelaySeconds: 0,
    logger: silentLogger,
  });
  return {
    db,
    dir,
    clock,
    partner,
    reopen: async () => {
      await db.close();
      return open(dir, clock, remove);
    },
    dispose: async () => {
      await db.close();
      await remove();
    },
  };
}

/** A temporary PGlite database with the demo organization seeded for `seedDay`, clock at its noon UTC. */
export async function openSeeded(seedDay: string): Promise<SeededDb> {
  const temp = await tempDir();
  const clock: TestClock = { now: new Date(`${seedDay}T12:00:00.000Z`) };
  const seeded = await open(temp.dir, clock, temp.remove);
  await seedDemoOrganization(seeded.db, seedDay);
  return seeded;
}
