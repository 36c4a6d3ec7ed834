import type { Language } from '../knowledge/schema';
import { enReplies, enTasks, type Replies, type TaskStrings } from './en';
import { frReplies, frTasks } from './fr';

export type { Replies, Replies as Strings, TaskStrings };
export { formatDate, formatDateTime, list } from '../formatting';
export { locales } from './locales';

export const strings: Readonly<Record<Language, Replies>> = { en: enReplies, fr: frReplies };
export const taskStrings: Readonly<Record<Language, TaskStrings>> = { en: enTasks, fr: frTasks };

/** Entries offered when the bot has no answer: the questions people ask most. */
export const popularEntryIds = ['renewal-window', 'vs-assign', 'tech-benefits-activate', 'access-contract-id'] as const;
