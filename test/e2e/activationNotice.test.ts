import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { DEMO_TENANT_ID, DEMO_USERS } from '../../src/services/partner/seed';
import { action, cardText, invokeCard, itemsMatching, type Json, receivedCard } from '../support/cards';
import { startFakeConnector, type FakeConnector } from '../../scripts/support/fakeConnector';
import { silentLogger, testConfig, listenOnLoopback } from '../support/fixtures';
import {
  cardExecuteActivity,
  messageActivity,
  postActivity,
  postInvoke,
  teamsUser,
  type TeamsUser,
} from '../../scripts/support/teamsClient';

const cardOf = receivedCard;

/** The "now active" message shows Access ID and Contract ID only to someone who is an admin when it is sent. */
describe('e2e: the activation notice and who sees the support identifiers', function () {
  this.timeout(120_000);
  let connector: FakeConnector;
  let dataDir: string;
  let app: App;
  let messagesUrl = '';
  const megan = DEMO_USERS.find((u) => u.displayName === 'Megan Bowen');
  assert.ok(megan);
  const user: TeamsUser = teamsUser('Megan Bowen', 'en-US', {
    aadObjectId: megan.aadObjectId,
    tenantId: DEMO_TENANT_ID,
  });

  before(async () => {
    connector = await startFakeConnector();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pba-notice-'));
    // The notifier's timer never fires during the test: each test runs its tick itself.
    app = await createApp(
      testConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ACTIVATION_DELAY_SECONDS: '0' }),
      { logger: silentLogger, jobIntervalMs: 3_600_000 },
    );
    messagesUrl = await listenOnLoopback(app.server);
  });
  after(async () => {
    await app.close();
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Megan (MPN partner admin) activates a benefit of the Action Pack through the cards. */
  async function activate(kind: RegExp): Promise<void> {
    assert.equal(
      await postActivity(messagesUrl, messageActivity(user, connector.serviceUrl, 'activate technical benefits')),
      200,
    );
    const list = cardOf((await connector.next(user.conversationId, 1))[0]);
    const [row] = itemsMatching(list, kind);
    assert.ok(row, cardText(list));
    const press = async (button: { verb: string; data: Json }): Promise<Json> => {
      const { status, body } = await postInvoke(
        messagesUrl,
        cardExecuteActivity(user, connector.serviceUrl, button.verb, button.data),
      );
      assert.equal(status, 200);
      return invokeCard(body);
    };
    const confirm = await press(action(row, 'activate.choose'));
    assert.match(cardText(await press(action(confirm, 'activate.confirm'))), /now active/);
  }

  it('gives an admin the identifiers', async () => {
    await activate(/Technical presales and deployment services — Microsoft Action Pack[\s\S]*Not activated/);
    assert.equal((await app.jobs.notifier.tick()).sent, 1);
    const text = cardText(cardOf((await connector.next(user.conversationId, 1, { timeoutMs: 5000 }))[0]));
    assert.match(text, /is now active\. Use these IDs[\s\S]*Access ID: ACC-\d{10}[\s\S]*Contract ID: CON-\d{8}/);
  });

  it('leaves them out for someone who lost the admin role before the message went out', async () => {
    await activate(/Microsoft product support \(on-premises\) — Microsoft Action Pack[\s\S]*Not activated/);
    await app.stack.db.query(`UPDATE directory_users SET roles = '{}' WHERE id = $1`, [megan.id]);
    assert.equal((await app.jobs.notifier.tick()).sent, 1);
    const text = cardText(cardOf((await connector.next(user.conversationId, 1, { timeoutMs: 5000 }))[0]));
    assert.match(
      text,
      /is now active\. Its Access ID and Contract ID are shown to Global admins and MPN partner admins\./,
    );
    assert.doesNotMatch(text, /ACC-|CON-/);
  });
});
