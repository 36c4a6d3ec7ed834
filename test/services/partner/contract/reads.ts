import assert from 'node:assert/strict';
import { addDaysIso, addYearsIso } from '../../../../src/services/partner/renewal';
import type { Result } from '../../../../src/services/partner/result';
import type { RenewalFacts } from '../../../../src/services/partner/schemas';
import {
  ADELE,
  ALEX,
  ISAIAH,
  MEGAN,
  OTHER_TENANT,
  PATTI,
  STRANGER,
  error,
  requestId,
  value,
  type ContractFixture,
} from './helpers';

/** Reads, authorization and the directory. */
export function readsContract(current: () => ContractFixture): void {
  describe('reads and authorization', function () {
    it('refuses every method to an actor who is not in the directory, in this tenant or another', async function () {
      const { service } = current();
      for (const stranger of [STRANGER, OTHER_TENANT]) {
        const calls: [string, Promise<Result<unknown>>][] = [
          ['snapshot', service.snapshot(stranger)],
          ['authorize', service.authorize(stranger, 'activateBenefits')],
          ['listTechnicalBenefits', service.listTechnicalBenefits(stranger)],
          [
            'activateTechnicalBenefit',
            service.activateTechnicalBenefit(stranger, {
              requestId: requestId(),
              benefitId: 'tb-ap-product-support',
              contactUserId: 'user-adelev',
              alternateEmail: 'adele@example.org',
            }),
          ],
          ['listSubscriptions', service.listSubscriptions(stranger)],
          [
            'assignSubscription',
            service.assignSubscription(stranger, {
              requestId: requestId(),
              subscriptionId: 'vs-ap-5',
              assigneeUserId: 'user-pattif',
            }),
          ],
          ['findUsers', service.findUsers(stranger, 'alex')],
          ['getUsers', service.getUsers(stranger, ['user-alexw'])],
          ['listProductBenefits', service.listProductBenefits(stranger)],
          ['renewals', service.renewals(stranger)],
        ];
        for (const [name, call] of calls) assert.deepEqual(error(await call), { code: 'NotInDirectory' }, name);
      }
    });

    it('shows the organization, the actor and the offers to any directory member', async function () {
      const snapshot = value(await current().service.snapshot(ADELE));
      assert.deepEqual(snapshot.organization, {
        mpnId: '4512345',
        name: 'Contoso',
        tenantId: ALEX.tenantId,
        accountEmail: 'partnercenter@contoso.onmicrosoft.com',
      });
      assert.equal(snapshot.me.displayName, 'Adele Vance');
      assert.deepEqual(snapshot.me.roles, []);
      assert.deepEqual(
        snapshot.offers.map((o) => [o.kind, o.name]),
        [
          ['ActionPack', 'Microsoft Action Pack'],
          ['Competency', 'Gold Cloud Platform'],
        ],
      );
      const competency = snapshot.offers.find((o) => o.kind === 'Competency');
      assert.ok(competency?.kind === 'Competency' && competency.level === 'Gold' && competency.cloud);
    });

    it('authorizes by the roles in the directory', async function () {
      const { service } = current();
      assert.equal(value(await service.authorize(ALEX, 'activateBenefits')).id, 'user-alexw');
      assert.equal(value(await service.authorize(ALEX, 'assignSubscriptions')).id, 'user-alexw');
      assert.equal(value(await service.authorize(MEGAN, 'activateBenefits')).id, 'user-meganb');
      assert.deepEqual(error(await service.authorize(MEGAN, 'assignSubscriptions')), {
        code: 'Forbidden',
        requiredRoles: ['GlobalAdmin'],
        globalAdmins: [{ id: 'user-alexw', displayName: 'Alex Wilber', email: 'alexw@contoso.onmicrosoft.com' }],
      });
      for (const actor of [ADELE, ISAIAH, PATTI]) {
        const refusal = error(await service.authorize(actor, 'activateBenefits'));
        assert.ok(refusal.code === 'Forbidden');
        assert.deepEqual(refusal.requiredRoles, ['GlobalAdmin', 'MpnPartnerAdmin']);
        assert.deepEqual(
          refusal.globalAdmins.map((a) => a.displayName),
          ['Alex Wilber'],
        );
      }
    });

    it('lists the technical benefits with their entitlements and the active one with its ids', async function () {
      const { service, today } = current();
      const benefits = value(await service.listTechnicalBenefits(PATTI));
      const view = benefits.map((b) => [
        b.offerId,
        b.kind,
        b.entitlement.kind === 'incidents' ? b.entitlement.count : b.entitlement.kind,
      ]);
      assert.deepEqual(view, [
        ['offer-action-pack', 'ProductSupport', 10],
        ['offer-action-pack', 'PresalesDeployment', 'onRequest'],
        ['offer-gold-cloud-platform', 'ProductSupport', 20],
        ['offer-gold-cloud-platform', 'SignatureCloudSupport', 'unlimited'],
        ['offer-gold-cloud-platform', 'AdvisoryHours', 'onRequest'],
        ['offer-gold-cloud-platform', 'PresalesDeployment', 'onRequest'],
      ]);
      // Patti has no admin role: she sees the active benefit and its status, not the support identifiers.
      const active = benefits.filter((b) => b.status === 'Active');
      assert.equal(active.length, 1);
      assert.deepEqual([active[0]?.accessId, active[0]?.contractId], [null, null]);
      assert.ok(
        benefits.filter((b) => b.status !== 'Active').every((b) => b.status === 'NotActivated' && b.accessId === null),
      );
      // Redeem by the anniversary (002): the Action Pack's is three weeks ahead.
      assert.equal(benefits[0]?.expiresOn, addDaysIso(today, 21));
    });

    it('shows Access ID and Contract ID to Global admins and MPN partner admins only', async function () {
      const { service } = current();
      for (const admin of [ALEX, MEGAN]) {
        const active = value(await service.listTechnicalBenefits(admin)).filter((b) => b.status === 'Active');
        assert.match(active[0]?.accessId ?? '', /\S/);
        assert.match(active[0]?.contractId ?? '', /\S/);
      }
      for (const member of [ADELE, ISAIAH, PATTI]) {
        const active = value(await service.listTechnicalBenefits(member)).filter((b) => b.status === 'Active');
        assert.equal(active.length, 1);
        assert.deepEqual([active[0]?.accessId, active[0]?.contractId], [null, null]);
      }
    });

    it(
      'lists the Visual Studio seats: Professional from the Action Pack, ' + 'Enterprise from the competency',
      async function () {
        const { service, today } = current();
        const seats = value(await service.listSubscriptions(ADELE));
        const count = (offerId: string, edition: string): number =>
          seats.filter((s) => s.offerId === offerId && s.edition === edition).length;
        assert.equal(count('offer-action-pack', 'Professional'), 5);
        assert.equal(count('offer-action-pack', 'Enterprise'), 0);
        assert.equal(count('offer-gold-cloud-platform', 'Enterprise'), 3);
        assert.equal(seats.filter((s) => s.assigneeUserId === null).length, 2);
        assert.equal(seats.filter((s) => s.assigneeUserId === 'user-pattif').length, 0);
        for (const seat of seats) {
          assert.equal(seat.reassignableFrom, seat.assignedOn === null ? null : addDaysIso(seat.assignedOn, 90));
          if (seat.assignedOn !== null) assert.ok(seat.assignedOn <= today);
        }
        const actionPackAssigned = seats.filter(
          (s) => s.offerId === 'offer-action-pack' && s.reassignableFrom !== null,
        );
        assert.equal(
          actionPackAssigned.filter((s) => (s.reassignableFrom ?? '') > today).length,
          2,
          'two assigned under 90 days ago',
        );
        assert.equal(
          actionPackAssigned.filter((s) => (s.reassignableFrom ?? '') <= today).length,
          2,
          'two assigned over 90 days ago',
        );
      },
    );

    it('lists software and cloud product benefits', async function () {
      const products = value(await current().service.listProductBenefits(ISAIAH));
      assert.ok(products.some((p) => p.category === 'Software' && p.name.startsWith('Windows Server')));
      assert.ok(products.some((p) => p.category === 'Software' && p.name.startsWith('SQL Server')));
      assert.ok(
        products.some(
          (p) => p.category === 'Cloud' && p.name === 'Microsoft 365 E3' && p.activation === 'LicenseBased',
        ),
      );
      assert.ok(
        products.some(
          (p) => p.category === 'Cloud' && p.name === 'Azure monthly credit' && p.activation === 'AssignUser',
        ),
      );
    });

    it('gives renewal facts as of the service clock or a given day', async function () {
      const { service, today, clock } = current();
      const actionPack = (facts: RenewalFacts[]): RenewalFacts | undefined =>
        facts.find((f) => f.offerId === 'offer-action-pack');
      const now = actionPack(value(await service.renewals(ADELE)));
      assert.equal(now?.anniversary, addDaysIso(today, 21));
      assert.equal(now?.windowStart, addDaysIso(today, 22));
      assert.equal(now?.daysUntilWindowStart, 22);
      assert.equal(now?.status, 'NotYetOpen');
      const opening = actionPack(value(await service.renewals(ADELE, addDaysIso(today, 22))));
      assert.equal(opening?.status, 'Open');
      assert.equal(opening?.daysUntilWindowStart, 0);
      // A+30 is the window's (and the grace period's) last day; at A+31 next year's anniversary is shown.
      clock.now = new Date(`${addDaysIso(today, 51)}T08:00:00.000Z`);
      assert.deepEqual(
        [
          actionPack(value(await service.renewals(ADELE)))?.status,
          actionPack(value(await service.renewals(ADELE)))?.daysUntilWindowEnd,
        ],
        ['Open', 0],
      );
      clock.now = new Date(`${addDaysIso(today, 52)}T08:00:00.000Z`);
      const next = actionPack(value(await service.renewals(ADELE)));
      assert.deepEqual([next?.status, next?.anniversary], ['NotYetOpen', addYearsIso(addDaysIso(today, 21), 1)]);
      assert.deepEqual(error(await service.renewals(ADELE, '2025-13-40')), {
        code: 'Invalid',
        field: 'today',
        reason: 'malformed',
      });
    });

    it('finds users by name or e-mail, ignoring case and accents, sorted by name', async function () {
      const { service } = current();
      const names = async (q: string): Promise<string[]> =>
        value(await service.findUsers(ADELE, q)).map((u) => u.displayName);
      assert.deepEqual(await names('helene'), ['Hélène Côté']);
      assert.deepEqual(await names('CÔTÉ'), ['Hélène Côté']);
      assert.deepEqual(await names('francois lef'), ['François Lefèvre']);
      assert.deepEqual(await names('pattif@'), ['Patti Fernandez']);
      assert.deepEqual(await names('zzz-nobody'), []);
      const all = await names('contoso.onmicrosoft.com');
      assert.ok(all.length >= 13 && all.length <= 20);
      assert.deepEqual(
        all,
        [...all].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
      );
      const roles = value(await service.findUsers(ADELE, 'diego'))[0]?.roles;
      assert.deepEqual(roles, ['UserAdmin']);
    });

    it('gets users by id in the order asked, skipping unknown ids', async function () {
      const users = value(await current().service.getUsers(PATTI, ['user-pattif', 'nobody', 'user-alexw']));
      assert.deepEqual(
        users.map((u) => [u.id, u.displayName, u.aadObjectId]),
        [
          ['user-pattif', 'Patti Fernandez', PATTI.aadObjectId],
          ['user-alexw', 'Alex Wilber', ALEX.aadObjectId],
        ],
      );
    });
  });
}
