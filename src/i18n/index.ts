import { locales, perLanguage, type Language } from './locales';
import type { Replies, TaskStrings } from './en';

export type { Replies, Replies as Strings, TaskStrings };
export { list } from '../formatting';
export { formatDate, formatDateTime } from './dates';
export { fallbackLanguage, languages, localeOf, locales, perLanguage, type Language, type LocaleInfo } from './locales';

export const strings: Readonly<Record<Language, Replies>> = perLanguage((l) => locales[l].replies);
export const taskStrings: Readonly<Record<Language, TaskStrings>> = perLanguage((l) => locales[l].tasks);

/** Entries offered when the bot has no answer: the questions people ask most. */
export const popularEntryIds = ['renewal-window', 'vs-assign', 'tech-benefits-activate', 'access-contract-id'] as const;
