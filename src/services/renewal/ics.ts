import { addDays, parseISO } from 'date-fns';
import { formatDate } from '../../i18n/dates';
import { createEvent, type DateArray, type EventAttributes } from 'ics';
import type { Language } from '../../knowledge/schema';
import { isoDate } from '../partner/schemas';
import type { Result } from '../result';
import { taskStrings } from '../../i18n';

export interface RenewalWindowIcsInput {
  readonly offerName: string;
  /** First and last day of the renewal window, YYYY-MM-DD (both inclusive). */
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly language: Language;
  /** Stable per offer and window, so importing the file again updates the event instead of adding one. */
  readonly uid: string;
  /** Stamped as DTSTAMP and LAST-MODIFIED. */
  readonly now: Date;
}

export type IcsError =
  | { readonly code: 'InvalidDates'; readonly detail: string }
  | { readonly code: 'IcsRejected'; readonly detail: string };
export type IcsResult = Result<string, IcsError>;

const toArray = (day: Date): DateArray => [day.getFullYear(), day.getMonth() + 1, day.getDate()];

/**
 * An all-day event spanning the renewal window, with a reminder the day before it opens. Dates are
 * floating (no time zone), so the window shows on the same calendar days wherever it is imported.
 */
export function renewalWindowIcs(input: RenewalWindowIcsInput): IcsResult {
  const startOk = isoDate.safeParse(input.windowStart);
  const endOk = isoDate.safeParse(input.windowEnd);
  if (!startOk.success || !endOk.success || input.windowEnd < input.windowStart) {
    return { ok: false, error: { code: 'InvalidDates', detail: `${input.windowStart}..${input.windowEnd}` } };
  }
  // parseISO reads a bare date as local midnight, which keeps addDays on calendar days.
  const start = parseISO(input.windowStart);
  const end = parseISO(input.windowEnd);
  const day = (iso: string): string => formatDate(iso, input.language);
  const text = taskStrings[input.language].calendar;
  // `timestamp` (DTSTAMP) is accepted by ics at run time but missing from its type definitions.
  const attributes: EventAttributes & { timestamp: number } = {
    uid: input.uid,
    productId: 'partner-benefits-assistant/renewal',
    title: text.summary(input.offerName),
    description: text.description(input.offerName, day(input.windowStart), day(input.windowEnd)),
    start: toArray(start),
    // DTEND of an all-day event is exclusive: the day after the window's last day.
    end: toArray(addDays(end, 1)),
    transp: 'TRANSPARENT',
    busyStatus: 'FREE',
    timestamp: input.now.getTime(),
    lastModified: input.now.getTime(),
    // -PT24H rather than -P1D: the library writes days as "P1DT", which strict parsers reject.
    alarms: [{ action: 'display', description: text.alarm(input.offerName), trigger: { hours: 24, before: true } }],
  };
  const { error, value } = createEvent(attributes);
  if (error || value === null)
    return { ok: false, error: { code: 'IcsRejected', detail: error?.message ?? 'no output' } };
  return { ok: true, value };
}
