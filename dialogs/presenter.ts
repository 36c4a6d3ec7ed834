import { ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
import type { CardAttachment } from '../cards/render';
import type { Actor } from '../src/services/partner/schemas';
import { isGroupConversation, mentionOf } from './conversationScope';

const invokeCardKey = Symbol('invokeCard');
const invokeNoticeKey = Symbol('invokeNotice');

/** True for the invoke Teams sends when an Action.Execute button is pressed (Universal Actions). */
export const isCardInvoke = (context: TurnContext): boolean =>
  context.activity.type === (ActivityTypes.Invoke as string) && context.activity.name === 'adaptiveCard/action';

/** True when the pressed button was on a task card (its data names a task instance), not an answer or welcome card. */
export function pressedTaskCard(context: TurnContext): boolean {
  const value: unknown = context.activity.value;
  if (typeof value !== 'object' || value === null) return false;
  const action: unknown = 'action' in value ? value.action : undefined;
  const data: unknown =
    isCardInvoke(context) && typeof action === 'object' && action !== null && 'data' in action ? action.data : value;
  return typeof data === 'object' && data !== null && 'taskId' in data && typeof data.taskId === 'string';
}

/**
 * Shows a task card where the user is looking: as the invoke response for Action.Execute (Teams
 * replaces the card in place), by updating the card an Action.Submit fallback came from, or as a new
 * message. Only a task card is replaced in place: a task begun from an answer, welcome or help card
 * opens below it and leaves that card as it was. Returns the id of the message that now holds the card.
 */
export async function presentCard(
  context: TurnContext,
  card: CardAttachment,
  replaceId?: string,
): Promise<string | undefined> {
  const fromTaskCard = pressedTaskCard(context);
  const pressedId = context.activity.replyToId;
  if (
    isCardInvoke(context) &&
    fromTaskCard &&
    (replaceId === undefined || pressedId === undefined || replaceId === pressedId)
  ) {
    context.turnState.set(invokeCardKey, card);
    return replaceId ?? pressedId;
  }
  const target = replaceId ?? (fromTaskCard ? pressedId : undefined);
  if (target) {
    try {
      await context.updateActivity({ ...MessageFactory.attachment(card), id: target });
      return target;
    } catch {
      // The channel cannot update that message (or it is gone): show the card as a new one.
    }
  }
  const sent = await context.sendActivity(MessageFactory.attachment(card));
  return sent?.id;
}

/** The card the dialog presented during an Action.Execute invoke, to return as its response. */
export function takeInvokeCard(context: TurnContext): CardAttachment | undefined {
  const card: unknown = context.turnState.get(invokeCardKey);
  return isCardAttachment(card) ? card : undefined;
}

/**
 * A short notice for the person who pressed a button, that changes no card: in an Action.Execute invoke the
 * invoke response message (Teams shows it to the presser only); otherwise a reply, mentioning them in a group.
 */
export async function noticeToPresser(context: TurnContext, text: string): Promise<void> {
  if (isCardInvoke(context)) {
    context.turnState.set(invokeNoticeKey, text);
    return;
  }
  if (!isGroupConversation(context)) {
    await context.sendActivity(text);
    return;
  }
  const mention = mentionOf(context.activity.from);
  await context.sendActivity({ ...MessageFactory.text(`${mention.text} ${text}`), entities: [mention.entity] });
}

/** The notice for the presser during an Action.Execute invoke (noticeToPresser), to return as its response. */
export function takeInvokeNotice(context: TurnContext): string | undefined {
  const notice: unknown = context.turnState.get(invokeNoticeKey);
  return typeof notice === 'string' ? notice : undefined;
}

const isCardAttachment = (value: unknown): value is CardAttachment =>
  typeof value === 'object' && value !== null && 'contentType' in value && 'content' in value;

/** The acting identity is the Teams user of the activity (tenant + Entra object id), never card data. */
export function actorOf(context: TurnContext): Actor | undefined {
  const { activity } = context;
  // channelData is `any` in botbuilder's types: read the one field as unknown.
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const channelTenant = channelData?.tenant?.id;
  const tenantId = activity.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : undefined);
  const aadObjectId = activity.from?.aadObjectId;
  return tenantId && aadObjectId ? { tenantId, aadObjectId } : undefined;
}
