import { stopwords as stopEn } from '@orama/stopwords/english';
import { stopwords as stopFr } from '@orama/stopwords/french';
import { fallbackLanguage, languages, perLanguage, type KnowledgeEntry, type Language } from './schema';
import { fold, tokenize } from './text';

/**
 * What marks a chat message as one language: its function and chat words ("a", "on", "son"… are in
 * both lists and drop out) and letters only it uses. A language without a list here is never detected
 * from the text: its users get it from their Teams locale.
 */
interface WordList {
  readonly words: readonly string[];
  readonly letters?: RegExp;
}

const wordLists: Partial<Record<Language, WordList>> = {
  en: {
    words: [
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
  },
  fr: {
    words: [
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
    letters: /[éèêàâçùûôîœ]/iu,
  },
};

export type LanguageScores = Readonly<Record<Language, number>>;

/**
 * Tells the languages apart in short chat messages: function words, letters, and the words that only
 * one language's knowledge base uses. Returns undefined unless the message is clearly one language.
 */
export class LanguageDetector {
  /** Per language with a word list: the words no other language uses. */
  private readonly vocabulary: ReadonlyMap<Language, ReadonlySet<string>>;

  constructor(entries: readonly KnowledgeEntry[]) {
    const words = perLanguage((lang): ReadonlySet<string> => {
      const set = new Set<string>((wordLists[lang]?.words ?? []).map(fold));
      for (const e of entries) {
        const l = e[lang];
        for (const text of [l.title, l.question, l.answer, ...l.alternates])
          tokenize(fold(text)).forEach((t) => set.add(t));
      }
      return set;
    });
    // Shared words (product names, numbers, "action", "support") say nothing about the language.
    const own = (lang: Language): ReadonlySet<string> => {
      const others = languages.filter((l) => l !== lang).map((l) => words[l]);
      return new Set([...words[lang]].filter((w) => w.length > 0 && !others.some((o) => o.has(w))));
    };
    this.vocabulary = new Map(languages.filter((l) => wordLists[l]).map((l) => [l, own(l)]));
  }

  scores(text: string): LanguageScores {
    const tokens = tokenize(fold(text));
    return perLanguage((lang) => {
      const vocabulary = this.vocabulary.get(lang);
      if (!vocabulary) return 0;
      const letters = wordLists[lang]?.letters?.test(text) ? 1 : 0;
      return tokens.reduce((score, token) => score + (vocabulary.has(token) ? 1 : 0), letters);
    });
  }

  /** The language that scores at least 2 and more than twice any other's. */
  detect(text: string): Language | undefined {
    const scores = this.scores(text);
    return languages.find((lang) => {
      const rest = Math.max(0, ...languages.filter((l) => l !== lang).map((l) => scores[l]));
      return scores[lang] >= 2 && scores[lang] >= 2 * rest + 1;
    });
  }
}

/** The Teams client's language: the one its primary subtag names (fr-CA is French), else the fallback. */
export function localeLanguage(locale: string | undefined): Language {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return languages.find((l) => l === primary) ?? fallbackLanguage;
}

/** Reply in the user's Teams language unless the message is clearly written in another one. */
export function replyLanguage(detector: LanguageDetector, locale: string | undefined, text: string): Language {
  return detector.detect(text) ?? localeLanguage(locale);
}
