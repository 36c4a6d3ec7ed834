import type { TurnContext } from 'botbuilder';
import type { CardAttachment } from '../cards/render';
import type { Language } from '../src/knowledge/schema';
import type { Actor } from '../src/services/partner/schemas';

/* The steps of a guided task (CardTaskDialog): what a step gets, and where it goes next. */

/** What a task step has to work with; the actor comes from the activity, never from the card. */
export interface TaskTurn {
  readonly context: TurnContext;
  readonly actor: Actor | undefined;
  readonly language: Language;
  readonly taskId: string;
  /** Today's date (UTC, YYYY-MM-DD) by the injected clock. */
  readonly today: string;
}

/** A step acting on a button: only someone in the directory gets this far. */
export type ActingTurn = TaskTurn & { readonly actor: Actor };

export type Transition<S> =
  /** The next step; `back` is what Back returns to (default: the step as it was shown). */
  | { readonly kind: 'to'; readonly state: S; readonly back?: S }
  /** Same step again with a message; `state` keeps what the user typed. */
  | { readonly kind: 'stay'; readonly error: string; readonly state?: S }
  | { readonly kind: 'end'; readonly card: CardAttachment };

export const to = <S>(state: S, back?: S): Transition<S> =>
  back === undefined ? { kind: 'to', state } : { kind: 'to', state, back };
export const stay = <S>(error: string, state?: S): Transition<S> =>
  state === undefined ? { kind: 'stay', error } : { kind: 'stay', error, state };
export const end = <S>(card: CardAttachment): Transition<S> => ({ kind: 'end', card });
