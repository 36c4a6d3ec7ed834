import type { Language } from '../knowledge/schema';

/** Per language: the Intl locale its dates and lists are written in, the locale sent with its messages, its name. */
export const locales: Readonly<Record<Language, { readonly intl: string; readonly name: string }>> = {
  en: { intl: 'en-US', name: 'English' },
  fr: { intl: 'fr-FR', name: 'Français' },
};
