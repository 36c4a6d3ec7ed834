import { addDays, addYears, differenceInCalendarDays, format, isValid, parseISO } from 'date-fns';
import type { Offer, RenewalFacts, RenewalStatus } from './schemas';

/*
 * Renewal rules (corrected DOMAIN.md; every date is a calendar day, 'YYYY-MM-DD' in and out). For an
 * anniversary A (purchase date + n years, n >= 1):
 * - benefitExpiry = A: "you have until your renewal date to redeem the benefits" (002);
 * - window A+1 .. A+30 (bought 2020-09-01 → 2021-09-02 to 2021-10-01). It *is* the 30-day grace period
 *   (003 calls it both): the fee can still be paid, benefits stay accessible, and Visual Studio stays usable
 *   "30 days after the enrollment renewal date" (002), so visualStudioEnd = A+30 = windowEnd;
 * - status: NotYetOpen up to A, Open from A+1 to A+30, Lapsed after (reinstatement needs a support ticket).
 *   The sources give no period after A+30.
 * The current anniversary is the first one on or after today − 30 days, so an open window keeps showing until
 * its last day; the next day the next anniversary is the one that matters, and Lapsed is what
 * factsForAnniversary says of the one that passed.
 * Feb 29 purchases: date-fns addYears gives Feb 28 in common years and Feb 29 in leap years.
 * Arithmetic runs on local wall-clock dates, which date-fns keeps exact across DST; only the day matters.
 */
export const WINDOW_DAYS = 30;
/** Days before the window opens on which renewal reminders go out. */
export const REMINDER_DAYS_BEFORE = [30, 7, 1] as const;

function parseDay(day: string): Date {
  const date = parseISO(day);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isValid(date)) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  return date;
}

const formatDay = (date: Date): string => format(date, 'yyyy-MM-dd');

/** The UTC calendar day of an instant. */
export const utcDay = (instant: Date): string => instant.toISOString().slice(0, 10);

export const addDaysIso = (day: string, days: number): string => formatDay(addDays(parseDay(day), days));

export const addYearsIso = (day: string, years: number): string => formatDay(addYears(parseDay(day), years));

/** Calendar days from `from` to `to` (positive when `to` is later). */
export const diffDaysIso = (to: string, from: string): number => differenceInCalendarDays(parseDay(to), parseDay(from));

/** The first anniversary of `purchaseDate` on or after today − 30 days (its window may still be open). */
export function currentAnniversary(purchaseDate: string, today: string): string {
  const purchase = parseDay(purchaseDate);
  const earliest = addDaysIso(today, -WINDOW_DAYS);
  // Estimate n from the year gap, then step; addYears from the purchase date each time (no Feb 29 drift).
  let years = Math.max(1, parseDay(earliest).getFullYear() - purchase.getFullYear() - 1);
  while (formatDay(addYears(purchase, years)) < earliest) years += 1;
  return formatDay(addYears(purchase, years));
}

function statusOn(today: string, windowStart: string, windowEnd: string): RenewalStatus {
  if (today < windowStart) return 'NotYetOpen';
  if (today <= windowEnd) return 'Open';
  return 'Lapsed';
}

/** Renewal facts of `offer` for the given anniversary, as of `today`. */
export function factsForAnniversary(
  offer: Pick<Offer, 'id' | 'name'>,
  anniversary: string,
  today: string,
): RenewalFacts {
  parseDay(today);
  const windowStart = addDaysIso(anniversary, 1);
  const windowEnd = addDaysIso(anniversary, WINDOW_DAYS);
  return {
    offerId: offer.id,
    offerName: offer.name,
    anniversary,
    windowStart,
    windowEnd,
    daysUntilWindowStart: diffDaysIso(windowStart, today),
    daysUntilWindowEnd: diffDaysIso(windowEnd, today),
    status: statusOn(today, windowStart, windowEnd),
    benefitExpiry: anniversary,
    visualStudioEnd: windowEnd,
  };
}

/** Renewal facts of `offer` for its current anniversary, as of `today`. */
export function renewalFacts(offer: Pick<Offer, 'id' | 'name' | 'purchaseDate'>, today: string): RenewalFacts {
  return factsForAnniversary(offer, currentAnniversary(offer.purchaseDate, today), today);
}

/** The days 30, 7 and 1 before the window opens, earliest first. */
export function reminderDates(windowStart: string): { daysBefore: number; date: string }[] {
  return REMINDER_DAYS_BEFORE.map((daysBefore) => ({ daysBefore, date: addDaysIso(windowStart, -daysBefore) }));
}
