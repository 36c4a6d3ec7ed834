import assert from 'node:assert/strict';
import type { ActivateBenefitRequest } from '../../../../src/services/partner/schemas';
import {
  ADELE,
  ALEX,
  CONTRACT_ACTIVATION_DELAY_SECONDS,
  ISAIAH,
  MEGAN,
  auditAfter,
  auditMark,
  error,
  requestId,
  value,
  type ContractFixture,
} from './helpers';

const BENEFIT = 'tb-ap-product-support';
const ACTIVE_BENEFIT = 'tb-gcp-product-support';
const ADVISORY = 'tb-gcp-advisory-hours';

const activation = (overrides: Partial<ActivateBenefitRequest> = {}): ActivateBenefitRequest => ({
  requestId: requestId(),
  benefitId: BENEFIT,
  contactUserId: 'user-adelev',
  alternateEmail: 'adele.vance@outlook.com',
  ...overrides,
});

/** Activating technical benefits: who may, what is checked, Pending → Active, idempotency. */
export function activationContract(current: () => ContractFixture): void {
  describe('technical benefit activation', function () {
    it('refuses members without Global admin or MPN partner admin and changes nothing', async function () {
      const { service } = current();
      const mark = await auditMark(service);
      for (const actor of [ADELE, ISAIAH]) {
        const refusal = error(await service.activateTechnicalBenefit(actor, activation()));
        assert.ok(refusal.code === 'Forbidden');
        assert.deepEqual(refusal.requiredRoles, ['GlobalAdmin', 'MpnPartnerAdmin']);
        assert.deepEqual(refusal.globalAdmins, [
          { id: 'user-alexw', displayName: 'Alex Wilber', email: 'alexw@contoso.onmicrosoft.com' },
        ]);
      }
      const benefit = value(await service.listTechnicalBenefits(ALEX)).find((b) => b.id === BENEFIT);
      assert.equal(benefit?.status, 'NotActivated');
      assert.deepEqual(await auditAfter(service, mark), []);
    });

    it('lets an MPN partner admin request activation: Pending until the expected time, audited', async function () {
      const { service, clock } = current();
      const mark = await auditMark(service);
      const requestedAt = clock.now;
      const pending = value(await service.activateTechnicalBenefit(MEGAN, activation()));
      assert.equal(pending.status, 'Pending');
      assert.equal(pending.contactUserId, 'user-adelev');
      assert.equal(pending.alternateEmail, 'adele.vance@outlook.com');
      assert.equal(pending.activatedBy, 'user-meganb');
      assert.equal(pending.activationRequestedAt, requestedAt.toISOString());
      assert.equal(
        pending.expectedActiveAt,
        new Date(requestedAt.getTime() + CONTRACT_ACTIVATION_DELAY_SECONDS * 1000).toISOString(),
      );
      assert.equal(pending.accessId, null);
      const entries = await auditAfter(service, mark);
      assert.deepEqual(
        entries.map((e) => [e.action, e.actor, e.targetId]),
        [['benefit.activationRequested', 'user-meganb', BENEFIT]],
      );
      const listed = value(await service.listTechnicalBenefits(ADELE)).find((b) => b.id === BENEFIT);
      assert.deepEqual(listed, pending);
    });

    it(
      'checks the alternate e-mail: required with a contact, valid, ' + 'not the company dashboard account e-mail',
      async function () {
        const { service } = current();
        const reasons = [
          ['', 'required'],
          ['   ', 'required'],
          ['not-an-email', 'email'],
          ['adele@', 'email'],
          // 001: the alternate address must differ from the company's dashboard account e-mail.
          ['PartnerCenter@Contoso.OnMicrosoft.com', 'sameAsAccountEmail'],
        ];
        for (const [alternateEmail, reason] of reasons) {
          assert.deepEqual(
            error(await service.activateTechnicalBenefit(ALEX, activation({ alternateEmail }))),
            { code: 'Invalid', field: 'alternateEmail', reason },
            alternateEmail,
          );
        }
        const benefit = value(await service.listTechnicalBenefits(ALEX)).find((b) => b.id === BENEFIT);
        assert.equal(benefit?.status, 'NotActivated');
      },
    );

    it(
      "accepts the contact user's own address as the alternate e-mail " +
        '(only the company account e-mail is refused)',
      async function () {
        const pending = value(
          await current().service.activateTechnicalBenefit(
            ALEX,
            activation({ alternateEmail: 'adelev@contoso.onmicrosoft.com' }),
          ),
        );
        assert.equal(pending.status, 'Pending');
      },
    );

    it('activates with the Activate button alone: no contact user or alternate e-mail (000, 004)', async function () {
      const { service } = current();
      const pending = value(
        await service.activateTechnicalBenefit(ALEX, activation({ contactUserId: null, alternateEmail: null })),
      );
      assert.equal(pending.status, 'Pending');
      assert.equal(pending.contactUserId, null);
      assert.equal(pending.alternateEmail, null);
      assert.equal(pending.activatedBy, 'user-alexw');
    });

    it(
      'asks partner advisory hours for the contact user and the alternate e-mail ' + '(the 2018 request form, 001)',
      async function () {
        const { service } = current();
        const advisory = (overrides: Partial<ActivateBenefitRequest>) =>
          activation({ benefitId: ADVISORY, ...overrides });
        assert.deepEqual(
          error(await service.activateTechnicalBenefit(ALEX, advisory({ contactUserId: null, alternateEmail: null }))),
          {
            code: 'Invalid',
            field: 'contactUserId',
            reason: 'required',
          },
        );
        assert.deepEqual(error(await service.activateTechnicalBenefit(ALEX, advisory({ alternateEmail: null }))), {
          code: 'Invalid',
          field: 'alternateEmail',
          reason: 'required',
        });
        const pending = value(await service.activateTechnicalBenefit(ALEX, advisory({})));
        assert.deepEqual(
          [pending.status, pending.contactUserId, pending.alternateEmail],
          ['Pending', 'user-adelev', 'adele.vance@outlook.com'],
        );
      },
    );

    it('refuses a malformed or missing request id', async function () {
      const { service } = current();
      assert.deepEqual(error(await service.activateTechnicalBenefit(ALEX, activation({ requestId: 'short' }))), {
        code: 'Invalid',
        field: 'requestId',
        reason: 'malformed',
      });
      assert.deepEqual(
        error(
          await service.assignSubscription(ALEX, {
            requestId: '',
            subscriptionId: 'vs-ap-5',
            assigneeUserId: 'user-pattif',
          }),
        ),
        {
          code: 'Invalid',
          field: 'requestId',
          reason: 'required',
        },
      );
    });

    it('needs a contact in the directory and an existing benefit', async function () {
      const { service } = current();
      assert.deepEqual(
        error(await service.activateTechnicalBenefit(ALEX, activation({ contactUserId: 'user-nobody' }))),
        {
          code: 'NotFound',
          what: 'user',
          id: 'user-nobody',
        },
      );
      assert.deepEqual(error(await service.activateTechnicalBenefit(ALEX, activation({ benefitId: 'tb-nothing' }))), {
        code: 'NotFound',
        what: 'benefit',
        id: 'tb-nothing',
      });
    });

    it('refuses to activate a benefit that is already Active or Pending', async function () {
      const { service } = current();
      assert.deepEqual(error(await service.activateTechnicalBenefit(ALEX, activation({ benefitId: ACTIVE_BENEFIT }))), {
        code: 'AlreadyActivated',
        status: 'Active',
      });
      value(await service.activateTechnicalBenefit(ALEX, activation()));
      assert.deepEqual(error(await service.activateTechnicalBenefit(MEGAN, activation())), {
        code: 'AlreadyActivated',
        status: 'Pending',
      });
    });

    it('replays a repeated request id with the first result and one audit entry', async function () {
      const { service, clock } = current();
      const mark = await auditMark(service);
      const request = activation();
      const first = value(await service.activateTechnicalBenefit(ALEX, request));
      clock.now = new Date(clock.now.getTime() + 5000);
      const again = value(await service.activateTechnicalBenefit(ALEX, { ...request }));
      assert.deepEqual(again, first);
      assert.equal((await auditAfter(service, mark)).length, 1);
    });

    it('refuses a request id reused for another request, by another actor or for another operation', async function () {
      const { service } = current();
      const request = activation();
      value(await service.activateTechnicalBenefit(ALEX, request));
      const mark = await auditMark(service);
      const reused = { code: 'RequestIdReused' };
      assert.deepEqual(
        error(await service.activateTechnicalBenefit(ALEX, { ...request, benefitId: 'tb-ap-presales' })),
        reused,
      );
      assert.deepEqual(
        error(await service.activateTechnicalBenefit(ALEX, { ...request, alternateEmail: 'other@example.org' })),
        reused,
      );
      assert.deepEqual(error(await service.activateTechnicalBenefit(MEGAN, request)), reused);
      assert.deepEqual(
        error(
          await service.assignSubscription(ALEX, {
            requestId: request.requestId,
            subscriptionId: 'vs-ap-5',
            assigneeUserId: 'user-pattif',
          }),
        ),
        reused,
      );
      assert.deepEqual(await auditAfter(service, mark), []);
      const presales = value(await service.listTechnicalBenefits(ALEX)).find((b) => b.id === 'tb-ap-presales');
      assert.equal(presales?.status, 'NotActivated');
    });

    it(
      'turns a due Pending benefit Active with stable Access and Contract IDs ' + 'and tells the audit log',
      async function () {
        const { service, processor, clock } = current();
        if (processor === undefined) this.skip();
        value(await service.activateTechnicalBenefit(MEGAN, activation()));
        const mark = await auditMark(service);
        const notYet = new Date(clock.now.getTime() + (CONTRACT_ACTIVATION_DELAY_SECONDS - 1) * 1000);
        assert.deepEqual(await processor.processDueActivations(notYet), []);
        const due = new Date(clock.now.getTime() + CONTRACT_ACTIVATION_DELAY_SECONDS * 1000);
        clock.now = due;
        const activated = await processor.processDueActivations(due);
        assert.deepEqual(
          activated.map((b) => [b.id, b.status]),
          [[BENEFIT, 'Active']],
        );
        const benefit = activated[0];
        assert.ok(benefit !== undefined);
        assert.match(benefit.accessId ?? '', /^ACC-\d{10}$/);
        assert.match(benefit.contractId ?? '', /^CON-\d{8}$/);
        assert.equal(benefit.activatedAt, due.toISOString());
        assert.deepEqual(await processor.processDueActivations(new Date(due.getTime() + 3_600_000)), []);
        assert.deepEqual(
          value(await service.listTechnicalBenefits(MEGAN)).find((b) => b.id === BENEFIT),
          benefit,
        );
        // Adele (no admin role) sees it Active, without the identifiers that open support requests.
        assert.deepEqual(
          value(await service.listTechnicalBenefits(ADELE)).find((b) => b.id === BENEFIT),
          { ...benefit, accessId: null, contractId: null },
        );
        const entries = await auditAfter(service, mark);
        assert.deepEqual(
          entries.map((e) => [e.action, e.actor, e.targetId]),
          [['benefit.activated', 'system', BENEFIT]],
        );
        assert.deepEqual(entries[0]?.detail, {
          benefitId: BENEFIT,
          accessId: benefit.accessId,
          contractId: benefit.contractId,
          activatedBy: 'user-meganb',
          activatedByAadObjectId: MEGAN.aadObjectId,
          tenantId: MEGAN.tenantId,
        });
        assert.deepEqual(error(await service.activateTechnicalBenefit(ALEX, activation())), {
          code: 'AlreadyActivated',
          status: 'Active',
        });
      },
    );

    it('pages the audit log by id, oldest first', async function () {
      const { service } = current();
      const mark = await auditMark(service);
      value(await service.activateTechnicalBenefit(ALEX, activation()));
      value(await service.activateTechnicalBenefit(ALEX, activation({ benefitId: 'tb-gcp-advisory-hours' })));
      value(await service.activateTechnicalBenefit(ALEX, activation({ benefitId: 'tb-gcp-presales' })));
      const firstTwo = value(await service.auditSince(mark, 2));
      assert.equal(firstTwo.length, 2);
      const rest = value(await service.auditSince(firstTwo[1]?.id ?? 0, 10));
      const all = [...firstTwo, ...rest];
      assert.deepEqual(
        all.map((e) => e.targetId),
        [BENEFIT, 'tb-gcp-advisory-hours', 'tb-gcp-presales'],
      );
      assert.ok(all.every((e, i) => i === 0 || e.id > (all[i - 1]?.id ?? 0)));
    });
  });
}
