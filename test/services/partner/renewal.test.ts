import assert from 'node:assert/strict';
import {
  addDaysIso,
  addYearsIso,
  currentAnniversary,
  diffDaysIso,
  factsForAnniversary,
  reminderDates,
  renewalFacts,
  utcDay,
} from '../../../src/services/partner/renewal';

const offer = { id: 'offer-1', name: 'Microsoft Action Pack', purchaseDate: '2020-09-01' };

describe('renewal rules', function () {
  it(
    'opens the window the day after the anniversary for 30 days ' + '(DOMAIN: bought 2020-09-01 → 2021-09-02)',
    function () {
      const facts = renewalFacts(offer, '2021-08-01');
      assert.deepEqual(facts, {
        offerId: 'offer-1',
        offerName: 'Microsoft Action Pack',
        anniversary: '2021-09-01',
        windowStart: '2021-09-02',
        windowEnd: '2021-10-01',
        daysUntilWindowStart: 32,
        daysUntilWindowEnd: 61,
        status: 'NotYetOpen',
        // 002: redeem by the renewal date; Visual Studio usable 30 days after it, the window's last day.
        benefitExpiry: '2021-09-01',
        visualStudioEnd: '2021-10-01',
      });
    },
  );

  it('is NotYetOpen on A, Open from A+1 to A+30 (the window is the grace period), then moves on at A+31', function () {
    const at = (today: string) => {
      const f = renewalFacts(offer, today);
      return [f.anniversary, f.status, f.daysUntilWindowStart, f.daysUntilWindowEnd];
    };
    assert.deepEqual(at('2021-09-01'), ['2021-09-01', 'NotYetOpen', 1, 30]); // A
    assert.deepEqual(at('2021-09-02'), ['2021-09-01', 'Open', 0, 29]); // A+1
    assert.deepEqual(at('2021-10-01'), ['2021-09-01', 'Open', -29, 0]); // A+30
    // A+31: no second grace period; the next anniversary is the one that matters.
    assert.deepEqual(at('2021-10-02'), ['2022-09-01', 'NotYetOpen', 335, 364]);
  });

  it('says Lapsed of an anniversary from A+31 on, with no period after the window', function () {
    assert.equal(factsForAnniversary(offer, '2021-09-01', '2021-09-01').status, 'NotYetOpen');
    assert.equal(factsForAnniversary(offer, '2021-09-01', '2021-09-02').status, 'Open');
    assert.equal(factsForAnniversary(offer, '2021-09-01', '2021-10-01').status, 'Open');
    assert.equal(factsForAnniversary(offer, '2021-09-01', '2021-10-02').status, 'Lapsed');
    const lapsed = factsForAnniversary(offer, '2021-09-01', '2021-10-02');
    assert.equal(lapsed.visualStudioEnd, '2021-10-01');
    assert.equal(lapsed.benefitExpiry, '2021-09-01');
  });

  it('counts the first anniversary one year after the purchase, even before it', function () {
    assert.equal(currentAnniversary('2020-09-01', '2020-09-01'), '2021-09-01');
    assert.equal(currentAnniversary('2020-09-01', '2019-01-01'), '2021-09-01');
    assert.equal(currentAnniversary('2020-09-01', '2031-03-15'), '2031-09-01');
  });

  it('keeps a Feb 29 purchase on Feb 28 in common years and Feb 29 in leap years, without drifting', function () {
    const leap = { id: 'o', name: 'Gold', purchaseDate: '2020-02-29' };
    assert.equal(renewalFacts(leap, '2021-01-10').anniversary, '2021-02-28');
    assert.equal(renewalFacts(leap, '2021-01-10').windowStart, '2021-03-01');
    assert.equal(renewalFacts(leap, '2021-01-10').windowEnd, '2021-03-30');
    assert.equal(renewalFacts(leap, '2023-06-01').anniversary, '2024-02-29');
    assert.equal(renewalFacts(leap, '2024-02-01').windowStart, '2024-03-01');
    // 2024-03-30 is A+30 of 2024-02-29: still open; the next day the 2025 anniversary counts.
    assert.equal(renewalFacts(leap, '2024-03-30').status, 'Open');
    assert.equal(renewalFacts(leap, '2024-03-30').windowEnd, '2024-03-30');
    assert.equal(renewalFacts(leap, '2024-03-31').anniversary, '2025-02-28');
    assert.equal(factsForAnniversary(leap, '2024-02-29', '2024-03-31').status, 'Lapsed');
  });

  it('crosses year ends and month lengths', function () {
    const december = renewalFacts({ id: 'o', name: 'AP', purchaseDate: '2023-12-15' }, '2024-12-01');
    assert.deepEqual(
      [december.windowStart, december.windowEnd, december.visualStudioEnd],
      ['2024-12-16', '2025-01-14', '2025-01-14'],
    );
  });

  it('gives the reminder days 30, 7 and 1 before the window opens', function () {
    assert.deepEqual(reminderDates('2021-09-02'), [
      { daysBefore: 30, date: '2021-08-03' },
      { daysBefore: 7, date: '2021-08-26' },
      { daysBefore: 1, date: '2021-09-01' },
    ]);
  });

  it('does calendar arithmetic on YYYY-MM-DD strings and refuses anything else', function () {
    assert.equal(addDaysIso('2024-02-28', 1), '2024-02-29');
    assert.equal(addDaysIso('2024-03-31', -31), '2024-02-29');
    assert.equal(addYearsIso('2024-02-29', -1), '2023-02-28');
    assert.equal(diffDaysIso('2025-03-30', '2025-03-29'), 1);
    assert.equal(diffDaysIso('2021-01-01', '2021-12-31'), -364);
    assert.equal(utcDay(new Date('2025-06-30T23:30:00-02:00')), '2025-07-01');
    assert.throws(() => addDaysIso('2021-02-30', 1), RangeError);
    assert.throws(() => renewalFacts({ ...offer, purchaseDate: '01/09/2020' }, '2021-01-01'), RangeError);
    assert.throws(() => renewalFacts(offer, '2021-1-1'), RangeError);
  });
});
