import { localeOf, type Language } from './locales';

/**
 * Calendar days as the user reads them ("Dec 1, 2026" / "1er décembre 2026": French writes the first of the
 * month as an ordinal, which Intl does not); ISO dates are UTC days.
 */
export function formatDate(iso: string, language: Language): string {
  const { intl, dateStyle, firstOfMonth } = localeOf(language);
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  const parts = new Intl.DateTimeFormat(intl, { dateStyle, timeZone: 'UTC' }).formatToParts(date);
  return parts.map((p) => (firstOfMonth && p.type === 'day' && p.value === '1' ? firstOfMonth : p.value)).join('');
}

export function formatDateTime(iso: string, language: Language): string {
  const format = new Intl.DateTimeFormat(localeOf(language).intl, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return `${format.format(new Date(iso))} UTC`;
}
