import type { TurnContext } from 'botbuilder';
import { languages, type Language } from '../src/knowledge/schema';

const languageKey = Symbol('turnLanguage');

/**
 * The language the bot answered this turn in (what the user typed or the card they pressed, not only
 * the Teams client's locale), so proactive messages later speak the language the user last used.
 */
export function noteTurnLanguage(context: TurnContext, language: Language): void {
  context.turnState.set(languageKey, language);
}

export function turnLanguage(context: TurnContext): Language | undefined {
  const language: unknown = context.turnState.get(languageKey);
  return languages.find((l) => l === language);
}
