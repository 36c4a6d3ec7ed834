import assert from 'node:assert/strict';
import { addDaysIso } from '../../../../src/services/partner/renewal';
import type { AssignSubscriptionRequest, VsSubscription } from '../../../../src/services/partner/schemas';
import { ADELE, ALEX, MEGAN, auditAfter, auditMark, error, requestId, value, type ContractFixture } from './helpers';

const assign = (subscriptionId: string, assigneeUserId: string): AssignSubscriptionRequest => ({
  requestId: requestId(),
  subscriptionId,
  assigneeUserId,
});

async function seat(fixture: ContractFixture, id: string): Promise<VsSubscription> {
  const found = value(await fixture.service.listSubscriptions(ALEX)).find((s) => s.id === id);
  assert.ok(found !== undefined, `seat ${id}`);
  return found;
}

/** Assigning Visual Studio subscriptions: Global admin only, one per user, 90 days before reassignment. */
export function subscriptionsContract(current: () => ContractFixture): void {
  describe('Visual Studio subscription assignment', function () {
    it('refuses anyone but a Global admin, naming the role and the Global admins', async function () {
      const { service } = current();
      const mark = await auditMark(service);
      for (const actor of [MEGAN, ADELE]) {
        assert.deepEqual(error(await service.assignSubscription(actor, assign('vs-ap-5', 'user-pattif'))), {
          code: 'Forbidden',
          requiredRoles: ['GlobalAdmin'],
          globalAdmins: [{ id: 'user-alexw', displayName: 'Alex Wilber', email: 'alexw@contoso.onmicrosoft.com' }],
        });
      }
      assert.equal((await seat(current(), 'vs-ap-5')).assigneeUserId, null);
      assert.deepEqual(await auditAfter(service, mark), []);
    });

    it('gives Patti the free Professional seat, audited', async function () {
      const { service, today } = current();
      const mark = await auditMark(service);
      const assigned = value(await service.assignSubscription(ALEX, assign('vs-ap-5', 'user-pattif')));
      assert.deepEqual(assigned, {
        id: 'vs-ap-5',
        offerId: 'offer-action-pack',
        edition: 'Professional',
        assigneeUserId: 'user-pattif',
        assignedOn: today,
        reassignableFrom: addDaysIso(today, 90),
      });
      assert.deepEqual(await seat(current(), 'vs-ap-5'), assigned);
      const entries = await auditAfter(service, mark);
      assert.deepEqual(
        entries.map((e) => [e.action, e.actor, e.targetId, e.detail.userId]),
        [['subscription.assigned', 'user-alexw', 'vs-ap-5', 'user-pattif']],
      );
    });

    it(
      'gives a second subscription to someone who already holds one ' + '(the sources set no per-person limit)',
      async function () {
        const { service } = current();
        value(await service.assignSubscription(ALEX, assign('vs-ap-5', 'user-pattif')));
        const second = value(await service.assignSubscription(ALEX, assign('vs-gcp-3', 'user-pattif')));
        assert.equal(second.assigneeUserId, 'user-pattif');
        const seats = value(await service.listSubscriptions(ALEX));
        assert.deepEqual(
          seats
            .filter((s) => s.assigneeUserId === 'user-pattif')
            .map((s) => s.id)
            .sort(),
          ['vs-ap-5', 'vs-gcp-3'],
        );
      },
    );

    it('says when the seat is already the user’s', async function () {
      assert.deepEqual(error(await current().service.assignSubscription(ALEX, assign('vs-ap-1', 'user-alexw'))), {
        code: 'AlreadyAssignedToUser',
      });
    });

    it('refuses to reassign a seat before 90 days, giving the date, and allows it from that date', async function () {
      const { service, clock } = current();
      const before = await seat(current(), 'vs-ap-2');
      assert.ok(before.reassignableFrom !== null && before.assigneeUserId === 'user-meganb');
      assert.deepEqual(error(await service.assignSubscription(ALEX, assign('vs-ap-2', 'user-pattif'))), {
        code: 'ReassignTooSoon',
        reassignableFrom: before.reassignableFrom,
      });
      clock.now = new Date(`${addDaysIso(before.reassignableFrom, -1)}T23:59:59.000Z`);
      assert.equal(
        error(await service.assignSubscription(ALEX, assign('vs-ap-2', 'user-pattif'))).code,
        'ReassignTooSoon',
      );
      clock.now = new Date(`${before.reassignableFrom}T00:00:00.000Z`);
      const mark = await auditMark(service);
      const moved = value(await service.assignSubscription(ALEX, assign('vs-ap-2', 'user-pattif')));
      assert.equal(moved.assigneeUserId, 'user-pattif');
      assert.equal(moved.assignedOn, before.reassignableFrom);
      const entries = await auditAfter(service, mark);
      assert.deepEqual(
        entries.map((e) => [e.action, e.detail.userId]),
        [
          ['subscription.unassigned', 'user-meganb'],
          ['subscription.assigned', 'user-pattif'],
        ],
      );
    });

    it('reassigns a seat held for more than 90 days; the previous holder has none left', async function () {
      const { service, today } = current();
      const moved = value(await service.assignSubscription(ALEX, assign('vs-ap-3', 'user-pattif')));
      assert.deepEqual([moved.assigneeUserId, moved.assignedOn], ['user-pattif', today]);
      const seats = value(await service.listSubscriptions(ALEX));
      assert.equal(seats.filter((s) => s.assigneeUserId === 'user-adelev').length, 0);
      // Adele, now without a seat, can take the free one.
      value(await service.assignSubscription(ALEX, assign('vs-ap-5', 'user-adelev')));
    });

    it('needs an assignee in the directory and an existing seat', async function () {
      const { service } = current();
      assert.deepEqual(error(await service.assignSubscription(ALEX, assign('vs-ap-5', 'user-nobody'))), {
        code: 'NotFound',
        what: 'user',
        id: 'user-nobody',
      });
      assert.deepEqual(error(await service.assignSubscription(ALEX, assign('vs-nothing', 'user-pattif'))), {
        code: 'NotFound',
        what: 'subscription',
        id: 'vs-nothing',
      });
    });

    it('replays a repeated request id and refuses it for a different assignment', async function () {
      const { service } = current();
      const mark = await auditMark(service);
      const request = assign('vs-ap-5', 'user-pattif');
      const first = value(await service.assignSubscription(ALEX, request));
      assert.deepEqual(value(await service.assignSubscription(ALEX, { ...request })), first);
      assert.equal((await auditAfter(service, mark)).length, 1);
      assert.deepEqual(error(await service.assignSubscription(ALEX, { ...request, assigneeUserId: 'user-leeg' })), {
        code: 'RequestIdReused',
      });
      assert.equal((await auditAfter(service, mark)).length, 1);
    });

    it('lets only one of two concurrent assignments of one seat win', async function () {
      const { service } = current();
      const results = await Promise.all([
        service.assignSubscription(ALEX, assign('vs-ap-5', 'user-pattif')),
        service.assignSubscription(ALEX, assign('vs-ap-5', 'user-leeg')),
      ]);
      const winners = results.filter((r) => r.ok);
      assert.equal(winners.length, 1);
      assert.deepEqual(
        results.filter((r) => !r.ok).map((r) => error(r).code),
        ['ReassignTooSoon'],
      );
      const holder = (await seat(current(), 'vs-ap-5')).assigneeUserId;
      assert.equal(holder, winners[0]?.ok === true ? winners[0].value.assigneeUserId : undefined);
    });

    it('assigns two seats to one user concurrently, each once', async function () {
      const { service } = current();
      const results = await Promise.all([
        service.assignSubscription(ALEX, assign('vs-ap-5', 'user-pattif')),
        service.assignSubscription(ALEX, assign('vs-gcp-3', 'user-pattif')),
      ]);
      assert.deepEqual(
        results.map((r) => r.ok),
        [true, true],
      );
      const seats = value(await service.listSubscriptions(ALEX));
      assert.equal(seats.filter((s) => s.assigneeUserId === 'user-pattif').length, 2);
      const assigned = (await auditAfter(service, 0)).filter(
        (e) => e.action === 'subscription.assigned' && e.detail.userId === 'user-pattif',
      );
      assert.equal(assigned.length, 2);
    });
  });
}
