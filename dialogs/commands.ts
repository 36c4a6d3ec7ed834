import { strings } from '../src/i18n';
import { fallbackLanguage, languages, taskIdSchema, type Language, type TaskId } from '../src/knowledge/schema';
import { fold } from '../src/knowledge/text';

/*
 * Typed commands. Each language's words are data in its resource module (`commands` in src/i18n/en.ts, fr.ts):
 * a new language brings its own. A word of another language than the fallback (English) answers in that
 * language; English words, which people type whatever their language, answer in the user's own language.
 */

/** Folded, without trailing punctuation: how commands are compared. */
export const bareText = (text: string): string =>
  fold(text)
    .replace(/[\s?!.]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();

export type WordCommand = 'help' | 'welcome' | 'cancel';

/**
 * The language to answer a matched command in: the user's own when only the fallback language lists the word
 * or when several do (help, stop) and theirs is one of them, else the one whose words matched. Undefined when
 * no language matched.
 */
function matchedLanguage(matched: readonly Language[], own: () => Language): Language | undefined {
  if (matched.length === 0) return undefined;
  if (matched.length === 1 && matched[0] !== fallbackLanguage) return matched[0];
  const mine = own();
  return matched.includes(mine) || matched[0] === fallbackLanguage ? mine : matched[0];
}

/** The language of a typed command word (`bare` as bareText gives it), if the message is one. */
export function commandLanguage(command: WordCommand, bare: string, own: () => Language): Language | undefined {
  const matched = languages.filter((l) => strings[l].commands[command].some((word) => bareText(word) === bare));
  return matchedLanguage(matched, own);
}

/** True when the typed message (`bare`) is one of the command's words in any language. */
export const isCommandWord = (command: WordCommand, bare: string): boolean =>
  languages.some((l) => strings[l].commands[command].some((word) => bareText(word) === bare));

/** The task a typed message starts, with the language of the phrase that matched. */
export function taskCommand(bare: string, own: () => Language): { task: TaskId; language: Language } | undefined {
  const task = taskIdSchema.options.find((t) => languages.some((l) => startsTask(l, t, bare)));
  if (!task) return undefined;
  const matched = languages.filter((l) => startsTask(l, task, bare));
  const language = matchedLanguage(matched, own);
  return language ? { task, language } : undefined;
}

const startsTask = (language: Language, task: TaskId, bare: string): boolean =>
  strings[language].commands.tasks[task].some((phrase) => phrase.test(bare));
