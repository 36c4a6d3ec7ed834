import type { Language } from './i18n/locales';

/**
 * "A, B or C" (or "A, B and C") in the language. A language tag is a BCP 47 locale Intl reads as it is ('en'
 * lists as en-US, 'fr' as fr-FR). This module cannot read the locale table: the resource modules call `list`,
 * and the table holds them. Dates, which need the table, are in src/i18n/dates.ts.
 */
export const list = (
  items: readonly string[],
  language: Language,
  type: 'disjunction' | 'conjunction' = 'disjunction',
): string => new Intl.ListFormat(language, { style: 'long', type }).format(items);
