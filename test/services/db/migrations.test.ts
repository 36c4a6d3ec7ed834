import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { openDb, type Db } from '../../../src/services/db/db';
import { migrate, migrationsDir } from '../../../src/services/db/migrate';
import { silentLogger, tempDir } from '../../support/fixtures';

/** A database made by the migrations before 004, with rows of the old activation flow, then upgraded. */
describe('migration 004 (activation flow) on a database of the old schema', function () {
  this.timeout(120_000);
  let db: Db;
  let remove: () => Promise<void>;

  before(async function () {
    const temp = await tempDir();
    remove = temp.remove;
    const old = path.join(temp.dir, 'old-migrations');
    await mkdir(old);
    for (const file of (await readdir(migrationsDir)).filter((f) => f < '004'))
      await copyFile(path.join(migrationsDir, file), path.join(old, file));
    db = await openDb({ kind: 'pglite', dir: path.join(temp.dir, 'db') });
    assert.deepEqual(await migrate(db, silentLogger, old), [1, 2, 3]);
    await db.exec(`
      INSERT INTO organization (tenant_id, mpn_id, name) VALUES ('t-1', '1234567', 'Fabrikam');
      INSERT INTO directory_users (id, tenant_id, aad_object_id, display_name, email, roles) VALUES
        ('u-a', 't-1', 'aad-a', 'Ann', 'ann@fabrikam.example', '{}'),
        ('u-b', 't-1', 'aad-b', 'Bob', 'bob@fabrikam.example', '{GlobalAdmin}');
      INSERT INTO offers (id, tenant_id, kind, name, purchase_date)
        VALUES ('o-1', 't-1', 'ActionPack', 'Microsoft Action Pack', '2024-01-10');
      INSERT INTO technical_benefits (id, offer_id, offer_kind, kind, entitlement, incident_count, status,
        contact_user_id, alternate_email, activated_by, activation_requested_at, expected_active_at)
        VALUES ('tb-1', 'o-1', 'ActionPack', 'ProductSupport', 'incidents', 10, 'Pending',
          'u-a', 'ann@outlook.example', 'u-b', now(), now());
      INSERT INTO vs_subscriptions (id, offer_id, offer_kind, edition, assignee_user_id, assigned_on) VALUES
        ('vs-1', 'o-1', 'ActionPack', 'Professional', 'u-a', '2024-02-01'),
        ('vs-2', 'o-1', 'ActionPack', 'Professional', NULL, NULL);
    `);
    // The old rule: one seat per person.
    await assert.rejects(
      db.query(`UPDATE vs_subscriptions SET assignee_user_id = 'u-a', assigned_on = '2024-02-02' WHERE id = 'vs-2'`),
    );
    // 004 first, then whatever later migrations exist.
    assert.equal((await migrate(db, silentLogger))[0], 4);
  });
  after(async () => {
    await db.close();
    await remove();
  });

  it("gives an existing organization its account e-mail: the earliest Global admin's", async function () {
    assert.deepEqual(await db.query('SELECT account_email FROM organization'), [
      { account_email: 'bob@fabrikam.example' },
    ]);
  });

  it('keeps the Pending benefit that had a contact, and lets a benefit be Pending without one', async function () {
    assert.deepEqual(await db.query(`SELECT status, contact_user_id FROM technical_benefits WHERE id = 'tb-1'`), [
      { status: 'Pending', contact_user_id: 'u-a' },
    ]);
    await db.query(`UPDATE technical_benefits SET contact_user_id = NULL, alternate_email = NULL WHERE id = 'tb-1'`);
    await assert.rejects(
      db.query(`UPDATE technical_benefits SET contact_user_id = 'u-a' WHERE id = 'tb-1'`),
      'a contact needs its alternate e-mail',
    );
  });

  it('lets one person hold a second Visual Studio subscription', async function () {
    await db.query(
      `UPDATE vs_subscriptions SET assignee_user_id = 'u-a', assigned_on = '2024-02-02' WHERE id = 'vs-2'`,
    );
    assert.deepEqual(await db.query(`SELECT count(*)::int AS n FROM vs_subscriptions WHERE assignee_user_id = 'u-a'`), [
      { n: 2 },
    ]);
  });
});
