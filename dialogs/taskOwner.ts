import type { TurnContext } from 'botbuilder';
import { personOf, type Person } from './conversationScope';

/*
 * A task card belongs to the person who opened the task. Tasks run in 1:1 chats, but a card can still be pressed
 * by someone else: one posted in a group chat before tasks moved to the 1:1 chat, or a forwarded one.
 */

/** The opener recorded in a task's state; undefined for state written before owners were recorded. */
export const ownerOf = (state: unknown): Person | undefined => {
  const owner: unknown = typeof state === 'object' && state !== null && 'owner' in state ? state.owner : undefined;
  return typeof owner === 'object' &&
    owner !== null &&
    'id' in owner &&
    typeof owner.id === 'string' &&
    'name' in owner &&
    typeof owner.name === 'string'
    ? { id: owner.id, name: owner.name }
    : undefined;
};

/** True when this turn's sender may drive the task: its opener (or anyone, for a task with no recorded opener). */
export function isOwnersTurn(owner: Person | undefined, context: TurnContext): boolean {
  return owner === undefined || personOf(context.activity.from)?.id === owner.id;
}
