import type { Language, TaskId } from '../src/knowledge/schema';
import { taskStrings } from '../src/i18n';
import { strings } from '../src/i18n';
import { CardTemplate, type CardAttachment } from './render';
import json from './welcome.json';

export interface WelcomeCardData {
  readonly lang: Language;
  readonly title: string;
  readonly intro: string;
  readonly capabilitiesTitle: string;
  readonly capabilities: readonly string[];
  readonly tasksTitle: string;
  /** Who may do which task: the welcome is sent at install, before anyone's roles are looked up. */
  readonly tasksNote: string;
  readonly tasks: readonly { readonly id: TaskId; readonly title: string }[];
  readonly tryAsking: string;
  readonly examples: readonly string[];
}

const template = new CardTemplate<WelcomeCardData>(json);

/** The welcome card on install, and the same card (without the greeting) as the answer to "help". */
export function welcomeCardData(language: Language, variant: 'welcome' | 'help'): WelcomeCardData {
  const s = strings[language];
  return {
    lang: language,
    title: variant === 'welcome' ? s.welcomeTitle : s.helpTitle,
    intro: variant === 'welcome' ? s.welcomeIntro : '',
    // The help card's title already says it.
    capabilitiesTitle: variant === 'welcome' ? s.helpTitle : '',
    capabilities: s.capabilities,
    tasksTitle: s.tasksTitle,
    tasksNote: s.tasksNote,
    tasks: (['activate-technical-benefit', 'assign-visual-studio', 'renewal-dates'] as const).map((id) => ({
      id,
      title: taskStrings[language].taskTitles[id],
    })),
    tryAsking: s.tryAsking,
    examples: s.examples,
  };
}

export function welcomeCard(language: Language, variant: 'welcome' | 'help'): CardAttachment {
  return template.render(welcomeCardData(language, variant));
}
