import { addDays, addYears, differenceInCalendarDays, format, isValid, parseISO } from 'date-fns';
import type { Offer, RenewalFacts, RenewalStatus } from './schemas';

/*
 * Renewal rules (decided from DOMAIN.md; every date is a calendar day, 'YYYY-MM-DD' in and out):
 * - anniversary: purchase date + n years (n >= 1), the first one on or after today − 60 days, so a
 *   just-passed anniversary keeps showing its window and grace period;
 * - window: opens the day after the anniversary and lasts 30 days (bought 2020-09-01 → 2021-09-02 to
 *   2021-10-01); benefitExpiry = windowEnd (benefits stay available during the window; last day to activate);
 * - visualStudioGraceEnd = windowEnd + 30 days (assigned benefits stay usable 30 more days);
 * - status: NotYetOpen before the window, Open inside it, Grace after it up to visualStudioGraceEnd
 *   (not renewed: reactivation needs a support ticket, Visual Studio still works), Lapsed after.
 *   With the 60-day look-back renewalFacts itself moves on to the next anniversary the day after the
 *   grace ends; Lapsed is reached through factsForAnniversary for an older anniversary.
 * Feb 29 purchases: date-fns addYears gives Feb 28 in common years and Feb 29 in leap years.
 * Arithmetic runs on local wall-clock dates, which date-fns keeps exact across DST; only the day matters.
 */
export const WINDOW_DAYS = 30;
export const GRACE_DAYS = 30;
const LOOK_BACK_DAYS = WINDOW_DAYS + GRACE_DAYS;
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

/** The first anniversary of `purchaseDate` on or after today − 60 days. */
export function currentAnniversary(purchaseDate: string, today: string): string {
  const purchase = parseDay(purchaseDate);
  const earliest = addDaysIso(today, -LOOK_BACK_DAYS);
  // Estimate n from the year gap, then step; addYears from the purchase date each time (no Feb 29 drift).
  let years = Math.max(1, parseDay(earliest).getFullYear() - purchase.getFullYear() - 1);
  while (formatDay(addYears(purchase, years)) < earliest) years += 1;
  return formatDay(addYears(purchase, years));
}

function statusOn(today: string, windowStart: string, windowEnd: string, graceEnd: string): RenewalStatus {
  if (today < windowStart) return 'NotYetOpen';
  if (today <= windowEnd) return 'Open';
  if (today <= graceEnd) return 'Grace';
  return 'Lapsed';
}

/** Renewal facts of `offer` for the given anniversary, as of `today`. */
export function factsForAnniversary(offer: Pick<Offer, 'id' | 'name'>, anniversary: string, today: string): RenewalFacts {
  parseDay(today);
  const windowStart = addDaysIso(anniversary, 1);
  const windowEnd = addDaysIso(anniversary, WINDOW_DAYS);
  const visualStudioGraceEnd = addDaysIso(windowEnd, GRACE_DAYS);
  return {
    offerId: offer.id,
    offerName: offer.name,
    anniversary,
    windowStart,
    windowEnd,
    daysUntilWindowStart: diffDaysIso(windowStart, today),
    daysUntilWindowEnd: diffDaysIso(windowEnd, today),
    status: statusOn(today, windowStart, windowEnd, visualStudioGraceEnd),
    benefitExpiry: windowEnd,
    visualStudioGraceEnd,
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
