import { stopwords as stopEn } from '@orama/stopwords/english';
import { stopwords as stopFr } from '@orama/stopwords/french';
import type { KnowledgeEntry, Language } from './schema';
import { fold, tokenize } from './text';

/** Words that mark a chat message as one language; "a", "on", "son"… are in both lists and drop out. */
const markers: Record<Language, readonly string[]> = {
  en: [
    ...stopEn,
    'pls',
    'please',
    'thanks',
    'hi',
    'hello',
    'hey',
    'whats',
    'dont',
    'cant',
    'wanna',
    'gonna',
    'u',
    'ur',
  ],
  fr: [
    ...stopFr.map(fold),
    'est-ce',
    'quoi',
    'comment',
    'quand',
    'combien',
    'pourquoi',
    'bonjour',
    'salut',
    'merci',
    'svp',
    'stp',
    'faut',
    'puis',
    'peut',
    'dois',
    'doit',
    'faire',
    'ou',
    'qu',
    'c',
    'j',
    'l',
    'd',
  ],
};

export type LanguageScores = Readonly<Record<Language, number>>;

/**
 * Tells English from French in short chat messages: function words, accents, and the words that
 * only one language's knowledge base uses. Returns undefined unless the message is clearly one language.
 */
export class LanguageDetector {
  private readonly vocabulary: Record<Language, ReadonlySet<string>>;

  constructor(entries: readonly KnowledgeEntry[]) {
    const words = (lang: Language): Set<string> => {
      const set = new Set<string>(markers[lang].map(fold));
      for (const e of entries) {
        const l = e[lang];
        for (const text of [l.title, l.question, l.answer, ...l.alternates])
          tokenize(fold(text)).forEach((t) => set.add(t));
      }
      return set;
    };
    const en = words('en');
    const fr = words('fr');
    // Shared words (product names, numbers, "action", "support") say nothing about the language.
    this.vocabulary = {
      en: new Set([...en].filter((w) => !fr.has(w) && w.length > 0)),
      fr: new Set([...fr].filter((w) => !en.has(w) && w.length > 0)),
    };
  }

  scores(text: string): LanguageScores {
    let en = 0;
    let fr = (text.match(/[éèêàâçùûôîœ]/giu) ?? []).length > 0 ? 1 : 0;
    for (const token of tokenize(fold(text))) {
      if (this.vocabulary.en.has(token)) en += 1;
      if (this.vocabulary.fr.has(token)) fr += 1;
    }
    return { en, fr };
  }

  detect(text: string): Language | undefined {
    const { en, fr } = this.scores(text);
    if (en >= 2 && en >= 2 * fr + 1) return 'en';
    if (fr >= 2 && fr >= 2 * en + 1) return 'fr';
    return undefined;
  }
}

/** The Teams client's language: fr-* is French, anything else English. */
export function localeLanguage(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Reply in the user's Teams language unless the message is clearly written in the other one. */
export function replyLanguage(detector: LanguageDetector, locale: string | undefined, text: string): Language {
  return detector.detect(text) ?? localeLanguage(locale);
}
