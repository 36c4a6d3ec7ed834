import { addDays, parseISO } from 'date-fns';
import { formatDate } from '../../formatting';
import { createEvent, type DateArray, type EventAttributes } from 'ics';
import type { Language } from '../../knowledge/schema';
import { isoDate } from '../partner/schemas';
import type { Result } from '../result';

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

const texts: Record<
  Language,
  {
    summary: (offer: string) => string;
    description: (offer: string, from: string, to: string) => string;
    alarm: (offer: string) => string;
  }
> = {
  en: {
    summary: (offer) => `Renewal window: ${offer}`,
    description: (offer, from, to) =>
      `Renew ${offer} in Partner Center from ${from} to ${to}. These 30 days are also the grace period: ` +
      'benefits stay accessible and Visual Studio subscriptions keep working until the last day. ' +
      'After it the membership has lapsed and only a support ticket can reinstate it.',
    alarm: (offer) => `The renewal window for ${offer} opens tomorrow.`,
  },
  fr: {
    summary: (offer) => `Période de renouvellement : ${offer}`,
    description: (offer, from, to) =>
      `Renouvelez ${offer} dans l’Espace partenaires du ${from} au ${to}. Ces 30 jours sont aussi le délai de grâce : ` +
      'les avantages restent accessibles et les abonnements Visual Studio fonctionnent jusqu’au dernier jour. ' +
      'Ensuite, l’adhésion a expiré et seul un ticket de support permet de la rétablir.',
    alarm: (offer) => `La période de renouvellement de ${offer} s’ouvre demain.`,
  },
};

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
  const text = texts[input.language];
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
