import { enReplies, enTab, enTasks, type Replies, type TabStrings, type TaskStrings } from './en';
import { frReplies, frTab, frTasks } from './fr';

/** What the bot needs to speak a language: how Intl writes it, what it is called, and its strings. */
export interface LocaleInfo {
  /** The Intl locale its dates are written in, and the Teams locale saved with a reminder opt-in. */
  readonly intl: string;
  /** Its name in itself. */
  readonly name: string;
  /** Its name in English (the model is told which language to answer in). */
  readonly englishName: string;
  /** Calendar days: 'medium' ("Dec 1, 2026") or 'long' ("1 décembre 2026"). */
  readonly dateStyle: 'medium' | 'long';
  /** How the first of the month is written where Intl writes a bare "1" ("1er" in French). */
  readonly firstOfMonth?: string;
  readonly replies: Replies;
  readonly tasks: TaskStrings;
  /** The My benefits tab. */
  readonly tab: TabStrings;
}

/**
 * The languages the bot speaks, one row each, the first being the fallback. This table is the one list every
 * per-language map is built from (entry fields, indexes, detection, strings, dates): a new language is its
 * resource module (imported here, with its row) and its field in every knowledge entry, nothing else
 * (test/i18n/thirdLanguage.test.ts). The knowledge code imports this file, so the resource modules must
 * import only types from the knowledge code, or there would be a cycle.
 */
export const locales = {
  en: {
    intl: 'en-US',
    name: 'English',
    englishName: 'English',
    dateStyle: 'medium',
    replies: enReplies,
    tasks: enTasks,
    tab: enTab,
  },
  fr: {
    intl: 'fr-FR',
    name: 'Français',
    englishName: 'French',
    dateStyle: 'long',
    firstOfMonth: '1er',
    replies: frReplies,
    tasks: frTasks,
    tab: frTab,
  },
} as const satisfies Readonly<Record<string, LocaleInfo>>;

export type Language = keyof typeof locales;

/** The languages in the table's order; the first is the fallback. */
export const languages = Object.keys(locales) as [Language, ...Language[]];

/** The language used when nothing tells which one to use. */
export const fallbackLanguage: Language = languages[0];

/** A map with one value per language, built from the table (so no language can be left out). */
export function perLanguage<T>(make: (language: Language) => T): Readonly<Record<Language, T>> {
  return Object.fromEntries(languages.map((language) => [language, make(language)])) as Record<Language, T>;
}

/** A language's row, typed as any row (`locales[l]` is a union of the literal rows). */
export const localeOf = (language: Language): LocaleInfo => locales[language];
