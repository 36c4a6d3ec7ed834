import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/services/db/db';
import { migrate } from '../../src/services/db/migrate';
import { createEmbeddedPartnerService } from '../../src/services/partner/embedded';
import { addDaysIso } from '../../src/services/partner/renewal';
import type { Actor } from '../../src/services/partner/schemas';
import { DEMO_TENANT_ID, seedDemoOrganization } from '../../src/services/partner/seed';
import { ConversationStore, type ProactiveTarget } from '../../src/services/proactive/conversationStore';
import {
  dueReminder,
  ReminderScheduler,
  type RenewalReminder,
  type SendReminder,
} from '../../src/jobs/reminderScheduler';
import { ReminderStore } from '../../src/services/reminders/reminderStore';
import { silentLogger } from '../support/fixtures';
import { demoActor, openSeeded, teamsReference, type SeededDb, type TestClock } from '../services/proactive/support';

// The demo Action Pack's window opens 22 days after the seed day: 2030-04-01 to 2030-04-30.
const SEED_DAY = '2030-03-10';
const WINDOW_START = addDaysIso(SEED_DAY, 22);
const ACTION_PACK = 'offer-action-pack';
const COMPETENCY = 'offer-gold-cloud-platform';
const ALEX = demoActor('user-alexw');
const MEGAN = demoActor('user-meganb');
const LYNNE = demoActor('user-lynner');
const GHOST: Actor = { tenantId: DEMO_TENANT_ID, aadObjectId: 'not-in-the-directory' };

interface Sent {
  readonly day: string;
  readonly target: ProactiveTarget;
  readonly reminder: RenewalReminder;
}

/** The seam to the bot layer: records what would have been sent, and answers `delivered`. */
function recorder(clock: TestClock, delivered: (call: number) => boolean | Promise<boolean> = () => true) {
  const sent: Sent[] = [];
  let calls = 0;
  const send: SendReminder = async (target, reminder) => {
    calls += 1;
    await new Promise((resolve) => setImmediate(resolve)); // let a concurrent tick interleave
    const ok = await delivered(calls);
    if (ok) sent.push({ day: clock.now.toISOString().slice(0, 10), target, reminder });
    return ok;
  };
  return { sent, send, calls: () => calls };
}

const at = (day: string): Date => new Date(`${day}T08:00:00.000Z`);
const summary = (sent: readonly Sent[]) =>
  sent.map((s) => [s.day, s.target.aadObjectId, s.reminder.offerId, s.reminder.daysBefore]);

describe('dueReminder', () => {
  it('is the latest of 30/7/1 days before the window that has fallen due, none once it opened', () => {
    const cases: [number, number | undefined][] = [
      [-31, undefined],
      [-30, 30],
      [-29, 30],
      [-8, 30],
      [-7, 7],
      [-2, 7],
      [-1, 1],
      [0, undefined],
      [5, undefined],
    ];
    for (const [offset, expected] of cases) {
      assert.equal(dueReminder(WINDOW_START, addDaysIso(WINDOW_START, offset)), expected, `day ${offset}`);
    }
  });
});

describe('ReminderScheduler over the embedded partner service', () => {
  let seeded: SeededDb;
  let store: ReminderStore;
  let conversations: ConversationStore;

  const scheduler = (send: SendReminder): ReminderScheduler =>
    new ReminderScheduler({
      store,
      partner: seeded.partner,
      conversations,
      send,
      clock: () => seeded.clock.now,
      logger: silentLogger,
    });
  const useDb = (s: SeededDb): void => {
    seeded = s;
    store = new ReminderStore(s.db);
    conversations = new ConversationStore(s.db, silentLogger);
  };

  before(async () => useDb(await openSeeded(SEED_DAY)));
  after(async () => seeded.dispose());
  beforeEach(async () => {
    await seeded.db.exec('DELETE FROM reminder_optins; DELETE FROM reminders_sent; DELETE FROM conversation_refs');
    for (const actor of [ALEX, MEGAN, LYNNE, GHOST])
      await conversations.save(actor.tenantId, actor.aadObjectId, 'en-US', teamsReference(actor));
  });

  it('keeps opt-ins per user and offer, idempotently', async () => {
    await store.optIn(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK, 'en-US');
    await store.optIn(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK, 'fr-CA');
    await store.optIn(ALEX.tenantId, ALEX.aadObjectId, COMPETENCY, null);
    await store.optIn(MEGAN.tenantId, MEGAN.aadObjectId, ACTION_PACK, null);
    const alex = await store.listForUser(ALEX.tenantId, ALEX.aadObjectId);
    assert.deepEqual(
      alex.map((o) => [o.offerId, o.locale]),
      [
        [ACTION_PACK, 'fr-CA'],
        [COMPETENCY, null],
      ],
    );
    assert.equal(await store.optOut(ALEX.tenantId, ALEX.aadObjectId, COMPETENCY), true);
    assert.equal(await store.optOut(ALEX.tenantId, ALEX.aadObjectId, COMPETENCY), false);
    assert.equal(await store.optOutAll(MEGAN.tenantId, MEGAN.aadObjectId), 1);
    assert.deepEqual(
      (await store.listAll()).map((o) => [o.aadObjectId, o.offerId]),
      [[ALEX.aadObjectId, ACTION_PACK]],
    );
  });

  it(
    'sends the 30-, 7- and 1-day reminders once each as the days go by, ' + 'in the language the user last used',
    async () => {
      await store.optIn(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK, 'en-US');
      // After opting in (in English), Alex went on talking to the bot in French.
      await conversations.save(ALEX.tenantId, ALEX.aadObjectId, 'fr', teamsReference(ALEX));
      await store.optIn(ALEX.tenantId, ALEX.aadObjectId, COMPETENCY, 'fr-FR'); // its window is months away
      const rec = recorder(seeded.clock);
      const jobs = scheduler(rec.send);
      for (let offset = -34; offset <= 6; offset += 1) {
        const day = addDaysIso(WINDOW_START, offset);
        seeded.clock.now = at(day);
        await jobs.tick();
        seeded.clock.now = new Date(`${day}T20:00:00.000Z`);
        await jobs.tick(); // a second tick the same day sends nothing more
      }
      assert.deepEqual(summary(rec.sent), [
        [addDaysIso(WINDOW_START, -30), ALEX.aadObjectId, ACTION_PACK, 30],
        [addDaysIso(WINDOW_START, -7), ALEX.aadObjectId, ACTION_PACK, 7],
        [addDaysIso(WINDOW_START, -1), ALEX.aadObjectId, ACTION_PACK, 1],
      ]);
      assert.deepEqual(rec.sent[1]?.reminder, {
        offerId: ACTION_PACK,
        offerName: 'Microsoft Action Pack',
        daysBefore: 7,
        daysUntilWindowStart: 7,
        windowStart: WINDOW_START,
        windowEnd: addDaysIso(WINDOW_START, 29),
        anniversary: addDaysIso(WINDOW_START, -1),
      });
      assert.equal(rec.sent[0]?.target.locale, 'fr');
      assert.equal(rec.sent[0]?.target.reference.conversation.id, `a:${ALEX.aadObjectId}`);
    },
  );

  it('skips a stale 30-day reminder when the 7-day one is due, and says how many days are left', async () => {
    await store.optIn(MEGAN.tenantId, MEGAN.aadObjectId, ACTION_PACK, null);
    const rec = recorder(seeded.clock);
    const jobs = scheduler(rec.send);
    for (const offset of [-6, -5, -1]) {
      seeded.clock.now = at(addDaysIso(WINDOW_START, offset));
      await jobs.tick();
    }
    assert.deepEqual(
      summary(rec.sent).map((s) => s[3]),
      [7, 1],
    );
    assert.equal(rec.sent[0]?.reminder.daysUntilWindowStart, 6);
    assert.equal(rec.sent[0]?.target.locale, 'en-US', 'no opt-in locale: the conversation’s');
  });

  it('falls back to the opt-in language when the chat has none saved', async () => {
    await conversations.save(MEGAN.tenantId, MEGAN.aadObjectId, null, teamsReference(MEGAN));
    await store.optIn(MEGAN.tenantId, MEGAN.aadObjectId, ACTION_PACK, 'fr-FR');
    const rec = recorder(seeded.clock);
    seeded.clock.now = at(addDaysIso(WINDOW_START, -7));
    await scheduler(rec.send).tick();
    assert.equal(rec.sent[0]?.target.locale, 'fr-FR');
  });

  it('sends nothing once the window opened', async () => {
    await store.optIn(MEGAN.tenantId, MEGAN.aadObjectId, ACTION_PACK, null);
    const rec = recorder(seeded.clock);
    seeded.clock.now = at(WINDOW_START);
    assert.deepEqual(await scheduler(rec.send).tick(), { sent: 0, failed: 0 });
    assert.equal(rec.calls(), 0);
  });

  it('retries a failed send on the next tick, and a send that throws as well', async () => {
    await store.optIn(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK, null);
    const rec = recorder(seeded.clock, (call) => {
      if (call === 2) throw new Error('connector down');
      return call > 2;
    });
    const jobs = scheduler(rec.send);
    seeded.clock.now = at(addDaysIso(WINDOW_START, -30));
    assert.deepEqual(await jobs.tick(), { sent: 0, failed: 1 });
    assert.deepEqual(await jobs.tick(), { sent: 0, failed: 1 });
    seeded.clock.now = at(addDaysIso(WINDOW_START, -29));
    assert.deepEqual(await jobs.tick(), { sent: 1, failed: 0 });
    assert.deepEqual(await jobs.tick(), { sent: 0, failed: 0 });
    assert.deepEqual(summary(rec.sent), [[addDaysIso(WINDOW_START, -29), ALEX.aadObjectId, ACTION_PACK, 30]]);
  });

  it('stops after an opt-out', async () => {
    await store.optIn(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK, null);
    const rec = recorder(seeded.clock);
    const jobs = scheduler(rec.send);
    seeded.clock.now = at(addDaysIso(WINDOW_START, -30));
    await jobs.tick();
    await store.optOut(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK);
    for (const offset of [-7, -1]) {
      seeded.clock.now = at(addDaysIso(WINDOW_START, offset));
      await jobs.tick();
    }
    assert.deepEqual(
      summary(rec.sent).map((s) => s[3]),
      [30],
    );
  });

  it('sends nothing to a user who is not, or no longer, in the directory', async () => {
    await store.optIn(GHOST.tenantId, GHOST.aadObjectId, ACTION_PACK, null);
    await store.optIn(LYNNE.tenantId, LYNNE.aadObjectId, ACTION_PACK, null);
    await store.optIn(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK, null);
    const rec = recorder(seeded.clock);
    const jobs = scheduler(rec.send);
    seeded.clock.now = at(addDaysIso(WINDOW_START, -30));
    await jobs.tick();
    assert.deepEqual(
      summary(rec.sent)
        .map((s) => s[1])
        .sort(),
      [ALEX.aadObjectId, LYNNE.aadObjectId].sort(),
    );
    await seeded.db.query('DELETE FROM directory_users WHERE id = $1', ['user-lynner']);
    seeded.clock.now = at(addDaysIso(WINDOW_START, -7));
    await jobs.tick();
    assert.deepEqual(summary(rec.sent).slice(2), [[addDaysIso(WINDOW_START, -7), ALEX.aadObjectId, ACTION_PACK, 7]]);
  });

  it('waits for a conversation reference instead of using up the reminder', async () => {
    await store.optIn(MEGAN.tenantId, MEGAN.aadObjectId, ACTION_PACK, null);
    await conversations.remove(MEGAN.tenantId, MEGAN.aadObjectId);
    const rec = recorder(seeded.clock);
    const jobs = scheduler(rec.send);
    seeded.clock.now = at(addDaysIso(WINDOW_START, -7));
    await jobs.tick();
    assert.equal(rec.calls(), 0);
    await conversations.save(MEGAN.tenantId, MEGAN.aadObjectId, 'en-US', teamsReference(MEGAN));
    await jobs.tick();
    assert.deepEqual(
      summary(rec.sent).map((s) => s[3]),
      [7],
    );
  });

  it('sends once when two schedulers tick at the same time', async () => {
    await store.optIn(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK, null);
    await store.optIn(MEGAN.tenantId, MEGAN.aadObjectId, ACTION_PACK, null);
    const rec = recorder(seeded.clock);
    seeded.clock.now = at(addDaysIso(WINDOW_START, -7));
    const results = await Promise.all([scheduler(rec.send).tick(), scheduler(rec.send).tick()]);
    assert.equal(results[0].sent + results[1].sent, 2);
    assert.deepEqual(
      summary(rec.sent)
        .map((s) => s[1])
        .sort(),
      [ALEX.aadObjectId, MEGAN.aadObjectId].sort(),
    );
  });

  it('runs a tick at start-up, sending what fell due while the bot was down', async () => {
    await store.optIn(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK, null);
    seeded.clock.now = at(addDaysIso(WINDOW_START, -3)); // the 7-day reminder was missed while "down"
    let firstSend: (reminder: RenewalReminder) => void = () => undefined;
    const sentOnce = new Promise<RenewalReminder>((resolve) => (firstSend = resolve));
    const jobs = scheduler(async (_target, reminder) => (firstSend(reminder), true));
    jobs.start(60 * 60 * 1000);
    assert.equal((await sentOnce).daysBefore, 7);
    await jobs.stop();
  });

  it('does not resend after a restart (new scheduler, reopened database)', async () => {
    await store.optIn(ALEX.tenantId, ALEX.aadObjectId, ACTION_PACK, null);
    seeded.clock.now = at(addDaysIso(WINDOW_START, -30));
    const before = recorder(seeded.clock);
    assert.equal((await scheduler(before.send).tick()).sent, 1);
    useDb(await seeded.reopen());
    const after = recorder(seeded.clock);
    const restarted = scheduler(after.send);
    for (const offset of [-30, -20, -7]) {
      seeded.clock.now = at(addDaysIso(WINDOW_START, offset));
      await restarted.tick();
    }
    assert.deepEqual(
      summary(after.sent).map((s) => s[3]),
      [7],
    );
  });
});

/** Two processes on one PostgreSQL server: separate pools, so the claim is decided by the server. */
describe('ReminderScheduler: two instances on PostgreSQL', function () {
  const url = process.env.TEST_DATABASE_URL;
  const name = `pba_reminders_${randomBytes(6).toString('hex')}`;
  let instances: Db[] = [];

  before(async function () {
    if (!url) return this.skip();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`).finally(() => admin.end());
    const own = new URL(url);
    own.pathname = `/${name}`;
    const first = await openDb({ kind: 'postgres', url: own.toString() });
    const second = await openDb({ kind: 'postgres', url: own.toString() });
    instances = [first, second];
    // One after the other: migrate() creates schema_migrations before taking its lock, so two first runs collide.
    for (const db of instances) await migrate(db, silentLogger);
    await seedDemoOrganization(first, SEED_DAY);
  });

  after(async function () {
    if (!url) return;
    await Promise.all(instances.map((db) => db.close()));
    const dropper = new pg.Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => dropper.end());
  });

  it('sends each reminder once', async () => {
    const clock: TestClock = { now: at(addDaysIso(WINDOW_START, -1)) };
    const [first] = instances;
    assert.ok(first);
    const conversations = new ConversationStore(first, silentLogger);
    const users = [ALEX, MEGAN, LYNNE];
    for (const u of users) {
      await conversations.save(u.tenantId, u.aadObjectId, null, teamsReference(u));
      await new ReminderStore(first).optIn(u.tenantId, u.aadObjectId, ACTION_PACK, null);
    }
    const rec = recorder(clock);
    const schedulers = instances.flatMap((db) => {
      const partner = createEmbeddedPartnerService({
        db,
        clock: () => clock.now,
        activationDelaySeconds: 0,
        logger: silentLogger,
      });
      const options = {
        store: new ReminderStore(db),
        partner,
        conversations: new ConversationStore(db, silentLogger),
        send: rec.send,
        clock: () => clock.now,
        logger: silentLogger,
      };
      return [new ReminderScheduler(options), new ReminderScheduler(options)];
    });
    await Promise.all(schedulers.map((s) => s.tick()));
    assert.deepEqual(
      summary(rec.sent)
        .map((s) => s[1])
        .sort(),
      users.map((u) => u.aadObjectId).sort(),
    );
  });
});
