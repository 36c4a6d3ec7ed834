import assert from 'node:assert/strict';
import type { Db } from '../../../src/services/db/db';
import { migrate } from '../../../src/services/db/migrate';
import { createEmbeddedPartnerService, type EmbeddedPartnerService } from '../../../src/services/partner/embedded';
import { addDaysIso, renewalFacts } from '../../../src/services/partner/renewal';
import { DEMO_TENANT_ID, seedDemoOrganization } from '../../../src/services/partner/seed';
import { openPglite, openPostgres, type OpenedDb } from '../../support/databases';
import { silentLogger } from '../../support/fixtures';
import { CONTRACT_ACTIVATION_DELAY_SECONDS, partnerServiceContract, type MutableClock } from './contract';
import { ALEX, MEGAN, requestId, value } from './contract/helpers';

const TODAY = '2025-05-20';
const PARTNER_TABLES =
  'organization, directory_users, offers, technical_benefits, vs_subscriptions, product_benefits, ' +
  'audit_log, idempotency';

/** Back to the freshly seeded demo organization (no CASCADE: a new foreign key into these tables fails loudly here). */
async function reseed(db: Db, today = TODAY): Promise<void> {
  await db.exec(`TRUNCATE ${PARTNER_TABLES} RESTART IDENTITY`);
  await seedDemoOrganization(db, today);
}

function embeddedSuite(open: () => Promise<OpenedDb>): void {
  let opened: OpenedDb | undefined;
  const clock: MutableClock = { now: new Date(`${TODAY}T12:00:00.000Z`) };
  const db = (): Db => {
    if (opened === undefined) throw new Error('database not open');
    return opened.db;
  };
  const service = (activationDelaySeconds = CONTRACT_ACTIVATION_DELAY_SECONDS): EmbeddedPartnerService =>
    createEmbeddedPartnerService({ db: db(), clock: () => clock.now, activationDelaySeconds, logger: silentLogger });

  before(async function () {
    opened = await open();
    await migrate(opened.db, silentLogger);
  });
  after(async function () {
    await opened?.dispose();
  });

  partnerServiceContract('embedded', async () => {
    const embedded = service();
    return { service: embedded, processor: embedded, today: TODAY, clock, reset: () => reseed(db()) };
  });

  describe('embedded specifics', function () {
    beforeEach(async function () {
      await reseed(db());
      clock.now = new Date(`${TODAY}T12:00:00.000Z`);
    });

    it('activates at once with a zero delay, writing both audit entries in the same call', async function () {
      const immediate = service(0);
      const benefit = value(
        await immediate.activateTechnicalBenefit(MEGAN, {
          requestId: requestId(),
          benefitId: 'tb-gcp-signature-cloud',
          contactUserId: 'user-helenec',
          alternateEmail: 'helene@example.fr',
        }),
      );
      assert.equal(benefit.status, 'Active');
      assert.match(benefit.accessId ?? '', /^ACC-\d{10}$/);
      assert.equal(benefit.activatedAt, clock.now.toISOString());
      const entries = value(await immediate.auditSince(0, 10));
      assert.deepEqual(
        entries.map((e) => [e.action, e.actor]),
        [
          ['benefit.activationRequested', 'user-meganb'],
          ['benefit.activated', 'system'],
        ],
      );
      assert.equal(entries[1]?.detail.activatedByAadObjectId, MEGAN.aadObjectId);
      assert.deepEqual(await immediate.processDueActivations(new Date(clock.now.getTime() + 1000)), []);
    });

    it('lets concurrent processors activate each due benefit once', async function () {
      const requester = service(1);
      for (const benefitId of ['tb-ap-product-support', 'tb-ap-presales', 'tb-gcp-advisory-hours']) {
        value(
          await requester.activateTechnicalBenefit(ALEX, {
            requestId: requestId(),
            benefitId,
            contactUserId: 'user-leeg',
            alternateEmail: 'lee@example.org',
          }),
        );
      }
      const later = new Date(clock.now.getTime() + 2000);
      const batches = await Promise.all([
        service().processDueActivations(later),
        service().processDueActivations(later),
      ]);
      assert.deepEqual(
        batches
          .flat()
          .map((b) => b.id)
          .sort(),
        ['tb-ap-presales', 'tb-ap-product-support', 'tb-gcp-advisory-hours'],
      );
      const activated = value(await requester.auditSince(0, 100)).filter((e) => e.action === 'benefit.activated');
      assert.equal(activated.length, 3);
    });

    it('leaves the caller’s database open on close()', async function () {
      await service().close();
      assert.deepEqual(await db().query('SELECT 1 AS one'), [{ one: 1 }]);
    });

    it('refuses a negative or fractional activation delay', function () {
      assert.throws(() => service(-1), RangeError);
      assert.throws(() => service(1.5), RangeError);
    });

    it(
      'keeps the rules in the data: Professional-only Action Pack seats, one Action Pack, ' +
        'contact pairs for advisory hours',
      async function () {
        await assert.rejects(
          db().query(
            'INSERT INTO vs_subscriptions (id, offer_id, offer_kind, edition) ' +
              "VALUES ('vs-x', 'offer-action-pack', 'ActionPack', 'Enterprise')",
          ),
        );
        // A second seat for one person is allowed (migration 004 dropped 001's one-per-assignee index).
        await db().query(
          `UPDATE vs_subscriptions SET assignee_user_id = 'user-alexw', assigned_on = $1 WHERE id = 'vs-ap-5'`,
          [TODAY],
        );
        // Advisory hours (the 2018 request form) cannot be Pending without a contact;
        // a contact needs its alternate e-mail.
        const pending = `status = 'Pending', activated_by = 'user-alexw', expected_active_at = now()`;
        await assert.rejects(db().query(`UPDATE technical_benefits SET ${pending} WHERE id = 'tb-gcp-advisory-hours'`));
        await assert.rejects(
          db().query(
            `UPDATE technical_benefits SET ${pending}, contact_user_id = 'user-adelev' WHERE id = 'tb-ap-presales'`,
          ),
        );
        await db().query(`UPDATE technical_benefits SET ${pending} WHERE id = 'tb-ap-presales'`);
        await assert.rejects(
          db().query(
            'INSERT INTO offers (id, tenant_id, kind, name, purchase_date) ' +
              "VALUES ('ap-2', $1, 'ActionPack', 'Second', $2)",
            [DEMO_TENANT_ID, TODAY],
          ),
        );
        await assert.rejects(db().query(`UPDATE technical_benefits SET status = 'Active' WHERE id = 'tb-ap-presales'`));
      },
    );
  });

  describe('seedDemoOrganization', function () {
    beforeEach(async function () {
      await db().exec(`TRUNCATE ${PARTNER_TABLES} RESTART IDENTITY`);
    });

    const count = async (sql: string): Promise<number> => Number((await db().query(sql))[0]?.n);

    it('seeds Contoso once, with the Playground users, roles, offers, benefits and seats', async function () {
      assert.equal(await seedDemoOrganization(db(), TODAY), true);
      assert.equal(await count('SELECT count(*) AS n FROM organization'), 1);
      assert.ok((await count('SELECT count(*) AS n FROM directory_users')) >= 13);
      const roles = await db().query(
        `SELECT display_name, aad_object_id, roles FROM directory_users WHERE roles <> '{}' ORDER BY display_name`,
      );
      assert.deepEqual(roles, [
        { display_name: 'Alex Wilber', aad_object_id: '00000000-0000-0000-0000-0000000000020', roles: ['GlobalAdmin'] },
        {
          display_name: 'Diego Siciliani',
          aad_object_id: '00000000-0000-0000-0000-0000000000027',
          roles: ['UserAdmin'],
        },
        {
          display_name: 'Isaiah Langer',
          aad_object_id: '00000000-0000-0000-0000-0000000000023',
          roles: ['AdminAgent'],
        },
        {
          display_name: 'Megan Bowen',
          aad_object_id: '00000000-0000-0000-0000-0000000000021',
          roles: ['MpnPartnerAdmin'],
        },
      ]);
      assert.equal(
        await count(`SELECT count(*) AS n FROM directory_users WHERE email NOT LIKE '%@contoso.onmicrosoft.com'`),
        0,
      );
      assert.equal(await count(`SELECT count(*) AS n FROM directory_users WHERE display_name = 'Hélène Côté'`), 1);
      assert.equal(await count('SELECT count(*) AS n FROM technical_benefits'), 6);
      assert.equal(await count(`SELECT count(*) AS n FROM technical_benefits WHERE status = 'Active'`), 1);
      assert.equal(await count('SELECT count(*) AS n FROM vs_subscriptions'), 8);
      assert.ok((await count(`SELECT count(*) AS n FROM product_benefits WHERE category = 'Software'`)) >= 2);
      assert.ok((await count(`SELECT count(*) AS n FROM product_benefits WHERE category = 'Cloud'`)) >= 1);
      const offers = await db().query('SELECT id, purchase_date FROM offers ORDER BY kind');
      const actionPack = offers[0];
      assert.equal(actionPack?.id, 'offer-action-pack');
      const facts = renewalFacts(
        { id: 'offer-action-pack', name: 'Action Pack', purchaseDate: String(actionPack?.purchase_date) },
        TODAY,
      );
      assert.equal(facts.anniversary, addDaysIso(TODAY, 21));
      assert.equal(offers[1]?.purchase_date, addDaysIso(TODAY, -200));
    });

    it('changes nothing when seeded again', async function () {
      await seedDemoOrganization(db(), TODAY);
      const dump = async (): Promise<unknown[]> => [
        await db().query('SELECT * FROM directory_users ORDER BY id'),
        await db().query('SELECT * FROM offers ORDER BY id'),
        await db().query('SELECT * FROM technical_benefits ORDER BY id'),
        await db().query('SELECT * FROM vs_subscriptions ORDER BY id'),
        await db().query('SELECT * FROM product_benefits ORDER BY id'),
      ];
      const first = await dump();
      assert.equal(await seedDemoOrganization(db(), addDaysIso(TODAY, 3)), false);
      assert.deepEqual(await dump(), first);
    });

    it('seeds once when two callers race', async function () {
      const outcomes = await Promise.all([seedDemoOrganization(db(), TODAY), seedDemoOrganization(db(), TODAY)]);
      assert.deepEqual(outcomes.sort(), [false, true]);
      assert.equal(await count('SELECT count(*) AS n FROM organization'), 1);
    });
  });
}

describe('EmbeddedPartnerService', function () {
  describe('on PGlite', function () {
    embeddedSuite(openPglite);
  });

  const url = process.env.TEST_DATABASE_URL;
  describe(
    url ? 'on PostgreSQL (TEST_DATABASE_URL)' : 'on PostgreSQL (skipped: set TEST_DATABASE_URL to run)',
    function () {
      before(function () {
        if (!url) this.skip();
      });
      embeddedSuite(() =>
        url ? openPostgres(url, 'pba_partner') : Promise.reject(new Error('TEST_DATABASE_URL is not set')),
      );
    },
  );
});
