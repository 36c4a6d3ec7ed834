import json from './task.json';
import { CardTemplate, type CardAttachment } from './render';

export interface Fact {
  readonly title: string;
  readonly value: string;
}

/** An Action.Execute button (Action.Submit fallback) whose data names the verb and the task instance. */
export interface TaskButton {
  readonly title: string;
  readonly verb: string;
  readonly data: Readonly<Record<string, string | boolean>>;
  readonly style: 'default' | 'positive' | 'destructive';
  /** 'auto' sends the card's inputs (Next, Search); Back and Cancel send none, so no validation blocks them. */
  readonly associatedInputs: 'auto' | 'none';
}

export interface TaskLink {
  readonly title: string;
  readonly url: string;
}

export interface TaskItem {
  readonly title: string;
  readonly subtitle: string;
  readonly facts: readonly Fact[];
  readonly buttons: readonly TaskButton[];
  readonly links: readonly TaskLink[];
  readonly highlight: boolean;
}

export type TaskInput =
  | {
      readonly kind: 'choice';
      readonly id: string;
      readonly label: string;
      readonly errorMessage: string;
      readonly value: string;
      readonly placeholder: string;
      readonly choices: readonly { readonly title: string; readonly value: string }[];
    }
  | {
      readonly kind: 'text';
      readonly id: string;
      readonly label: string;
      readonly errorMessage: string;
      readonly value: string;
      readonly placeholder: string;
      readonly style: 'text' | 'email';
    };

/** One template for every step of every guided task: title, step, message, facts, items, inputs, buttons. */
export interface TaskCardData {
  readonly title: string;
  readonly step: string;
  readonly error: string;
  readonly notice: string;
  readonly text: string;
  readonly facts: readonly Fact[];
  readonly items: readonly TaskItem[];
  readonly inputs: readonly TaskInput[];
  readonly actions: readonly TaskButton[];
}

const template = new CardTemplate<TaskCardData>(json);

export const emptyTaskCard: TaskCardData = {
  title: '',
  step: '',
  error: '',
  notice: '',
  text: '',
  facts: [],
  items: [],
  inputs: [],
  actions: [],
};

export function taskCard(data: Partial<TaskCardData> & Pick<TaskCardData, 'title'>): CardAttachment {
  return template.render({ ...emptyTaskCard, ...data });
}

/** A button of task `taskId`; extra data (ids) rides along and is checked against the dialog's state. */
export function button(
  taskId: string,
  title: string,
  verb: string,
  extra: Readonly<Record<string, string | boolean>> = {},
  options: { style?: TaskButton['style']; inputs?: boolean } = {},
): TaskButton {
  return {
    title,
    verb,
    data: { ...extra, verb, taskId },
    style: options.style ?? 'default',
    associatedInputs: options.inputs ? 'auto' : 'none',
  };
}
