import type { Language } from './knowledge/schema';

/** Calendar days as the user reads them ("Dec 13, 2026" / "13 déc. 2026"); ISO dates are UTC days. */
export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
}

/** "A, B or C" in the language. */
export const list = (items: readonly string[], language: Language): string =>
  new Intl.ListFormat(language === 'fr' ? 'fr' : 'en', { style: 'long', type: 'disjunction' }).format(items);
