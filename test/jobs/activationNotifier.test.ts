import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEmbeddedPartnerService } from '../../src/services/partner/embedded';
import type { Actor, TechnicalBenefit } from '../../src/services/partner/schemas';
import {
  ACTIVATION_CURSOR,
  ActivationNotifier,
  type ActivationNotice,
  type SendActivationNotice,
} from '../../src/jobs/activationNotifier';
import { ConversationStore, type ProactiveTarget } from '../../src/services/proactive/conversationStore';
import { JobCursorStore } from '../../src/services/proactive/jobCursorStore';
import { silentLogger } from '../support/fixtures';
import { demoActor, openSeeded, teamsReference, type SeededDb } from '../services/proactive/support';

const MEGAN = demoActor('user-meganb'); // MPN partner admin: has a conversation with the bot
const ALEX = demoActor('user-alexw'); // Global admin: never talked to the bot

interface Call {
  readonly target: ProactiveTarget;
  readonly activation: ActivationNotice;
}

function recorder(delivered: (call: number) => boolean = () => true) {
  const calls: Call[] = [];
  const send: SendActivationNotice = async (target, activation) => {
    calls.push({ target, activation });
    return delivered(calls.length);
  };
  return { calls, send };
}

describe('ActivationNotifier over the embedded partner service', () => {
  let seeded: SeededDb;
  let conversations: ConversationStore;

  const notifier = (send: SendActivationNotice): ActivationNotifier =>
    new ActivationNotifier({
      partner: seeded.partner,
      cursorStore: new JobCursorStore(seeded.db),
      conversations,
      send,
      logger: silentLogger,
    });

  /** Requests activation (delay 0: Active at once) and returns the benefit as the service now lists it. */
  async function activate(actor: Actor, benefitId: string): Promise<TechnicalBenefit> {
    const requested = await seeded.partner.activateTechnicalBenefit(actor, {
      requestId: `req-${randomUUID()}`,
      benefitId,
      contactUserId: 'user-adelev',
      alternateEmail: 'adele.vance@example.com',
    });
    assert.ok(requested.ok, JSON.stringify(requested));
    return active(benefitId);
  }

  async function active(benefitId: string): Promise<TechnicalBenefit> {
    const listed = await seeded.partner.listTechnicalBenefits(MEGAN);
    assert.ok(listed.ok);
    const benefit = listed.value.find((b) => b.id === benefitId);
    assert.ok(benefit);
    assert.equal(benefit.status, 'Active');
    return benefit;
  }

  /** Back to NotActivated, so the demo's few benefits can be activated again. */
  async function deactivate(benefitId: string): Promise<void> {
    await seeded.db.query(
      `UPDATE technical_benefits SET status = 'NotActivated', contact_user_id = NULL, alternate_email = NULL,
         access_id = NULL, contract_id = NULL, activated_by = NULL, activation_requested_at = NULL,
         expected_active_at = NULL, activated_at = NULL
       WHERE id = $1`,
      [benefitId],
    );
  }

  const noticeOf = (b: TechnicalBenefit): ActivationNotice => ({
    benefitId: b.id,
    accessId: b.accessId ?? '',
    contractId: b.contractId ?? '',
  });

  before(async () => {
    seeded = await openSeeded('2030-03-10');
    conversations = new ConversationStore(seeded.db, silentLogger);
    await conversations.save(MEGAN.tenantId, MEGAN.aadObjectId, 'fr-FR', teamsReference(MEGAN, 'fr-FR'));
  });
  after(async () => seeded.dispose());

  it('tells the admin who activated a benefit, once, with its Access ID and Contract ID', async () => {
    const benefit = await activate(MEGAN, 'tb-ap-product-support');
    const rec = recorder();
    const job = notifier(rec.send);
    assert.deepEqual(await job.tick(), { sent: 1, skipped: 0, stopped: false });
    assert.equal(rec.calls.length, 1);
    assert.deepEqual(rec.calls[0]?.activation, noticeOf(benefit));
    assert.match(rec.calls[0]?.activation.accessId ?? '', /^ACC-/);
    assert.equal(rec.calls[0]?.target.aadObjectId, MEGAN.aadObjectId);
    assert.equal(rec.calls[0]?.target.locale, 'fr-FR');
    assert.deepEqual(await job.tick(), { sent: 0, skipped: 0, stopped: false });
    assert.equal(rec.calls.length, 1);
  });

  it('sends nothing again after a restart (new notifier, same database)', async () => {
    const rec = recorder();
    assert.deepEqual(await notifier(rec.send).tick(), { sent: 0, skipped: 0, stopped: false });
    assert.equal(rec.calls.length, 0);
    assert.ok((await new JobCursorStore(seeded.db).get(ACTIVATION_CURSOR)) > 0);
  });

  it('retries a failed or throwing send on the next tick, in order', async () => {
    const first = await activate(MEGAN, 'tb-ap-presales');
    const second = await activate(MEGAN, 'tb-gcp-presales');
    const failing = recorder(() => false);
    assert.deepEqual(await notifier(failing.send).tick(), { sent: 0, skipped: 0, stopped: true });
    assert.deepEqual(
      failing.calls.map((c) => c.activation.benefitId),
      [first.id],
      'stops at the failed entry',
    );
    const throwing = notifier(async () => {
      throw new Error('connector down');
    });
    assert.deepEqual(await throwing.tick(), { sent: 0, skipped: 0, stopped: true });
    const rec = recorder();
    assert.deepEqual(await notifier(rec.send).tick(), { sent: 2, skipped: 0, stopped: false });
    assert.deepEqual(
      rec.calls.map((c) => c.activation),
      [noticeOf(first), noticeOf(second)],
    );
  });

  it('skips, without blocking the others, an admin it has no conversation with', async () => {
    const megans = await activate(MEGAN, 'tb-gcp-signature-cloud');
    await activate(ALEX, 'tb-gcp-advisory-hours');
    const rec = recorder();
    const job = notifier(rec.send);
    assert.deepEqual(await job.tick(), { sent: 1, skipped: 1, stopped: false });
    assert.deepEqual(
      rec.calls.map((c) => c.activation),
      [noticeOf(megans)],
    );
    assert.deepEqual(await job.tick(), { sent: 0, skipped: 0, stopped: false }, 'the skipped entry is not read again');
  });

  it('notices an activation that turns Active later, when the processor runs', async () => {
    await deactivate('tb-ap-product-support');
    const delayed = createEmbeddedPartnerService({
      db: seeded.db,
      clock: () => seeded.clock.now,
      activationDelaySeconds: 120,
      logger: silentLogger,
    });
    const requested = await delayed.activateTechnicalBenefit(MEGAN, {
      requestId: `req-${randomUUID()}`,
      benefitId: 'tb-ap-product-support',
      contactUserId: 'user-adelev',
      alternateEmail: 'adele.vance@example.com',
    });
    assert.equal(requested.ok && requested.value.status, 'Pending');
    const rec = recorder();
    const job = notifier(rec.send);
    await job.tick();
    assert.equal(rec.calls.length, 0, 'nothing while Pending');
    seeded.clock.now = new Date(seeded.clock.now.getTime() + 121_000);
    assert.equal((await delayed.processDueActivations(seeded.clock.now)).length, 1);
    await job.tick();
    assert.deepEqual(
      rec.calls.map((c) => c.activation),
      [noticeOf(await active('tb-ap-product-support'))],
    );
  });

  it('reads past more than one page of other audit entries', async () => {
    await seeded.db.query(
      `INSERT INTO audit_log (tenant_id, at, actor, action, target_id, detail)
       SELECT $1, now(), 'user-alexw', 'subscription.assigned', 'vs-ap-5', '{}'::jsonb FROM generate_series(1, 120)`,
      [MEGAN.tenantId],
    );
    await deactivate('tb-ap-presales');
    const benefit = await activate(MEGAN, 'tb-ap-presales');
    const rec = recorder();
    assert.deepEqual(await notifier(rec.send).tick(), { sent: 1, skipped: 0, stopped: false });
    assert.deepEqual(
      rec.calls.map((c) => c.activation),
      [noticeOf(benefit)],
    );
  });

  it('runs a tick at start-up', async () => {
    await deactivate('tb-gcp-presales');
    const benefit = await activate(MEGAN, 'tb-gcp-presales');
    let notified: (notice: ActivationNotice) => void = () => undefined;
    const first = new Promise<ActivationNotice>((resolve) => (notified = resolve));
    const job = notifier(async (_target, activation) => (notified(activation), true));
    job.start(60 * 60 * 1000);
    assert.deepEqual(await first, noticeOf(benefit));
    await job.stop();
  });
});
