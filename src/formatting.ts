import { locales } from './i18n/locales';
import type { Language } from './knowledge/schema';

/**
 * Calendar days as the user reads them ("Dec 1, 2026" / "1er décembre 2026": French writes the first of the
 * month as an ordinal, which Intl does not); ISO dates are UTC days.
 */
export function formatDate(iso: string, language: Language): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (language === 'en') return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  const parts = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).formatToParts(date);
  return parts.map((p) => (p.type === 'day' && p.value === '1' ? '1er' : p.value)).join('');
}

export function formatDateTime(iso: string, language: Language): string {
  return (
    new Intl.DateTimeFormat(locales[language].intl, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(new Date(iso)) + ' UTC'
  );
}

/** "A, B or C" (or "A, B and C") in the language. */
export const list = (
  items: readonly string[],
  language: Language,
  type: 'disjunction' | 'conjunction' = 'disjunction',
): string => new Intl.ListFormat(locales[language].intl, { style: 'long', type }).format(items);
