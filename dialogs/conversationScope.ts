import { TurnContext, type ChannelAccount, type Mention } from 'botbuilder';

/* Where a turn happens (a 1:1 chat, or a group chat or channel shared by several people) and who is speaking. */

/** True in a group chat or a team channel: the bot answers only when @mentioned, and runs no task there. */
export const isGroupConversation = (context: TurnContext): boolean => {
  const type = context.activity.conversation?.conversationType;
  return type === 'groupChat' || type === 'channel';
};

/** True when the message @mentions the bot (a mention entity naming the recipient). */
export const mentionsBot = (context: TurnContext): boolean =>
  TurnContext.getMentions(context.activity).some((m) => m.mentioned?.id === context.activity.recipient?.id);

/**
 * The message text without the bot's mention: the mention entity's text first (as botbuilder's
 * removeRecipientMention does), then any <at>…</at> of the bot left over; other people's mentions keep their name.
 */
export function textWithoutBotMention(context: TurnContext): string {
  const { activity } = context;
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  const botName = activity.recipient?.name;
  return text
    .replace(/<at>([^<]*)<\/at>/g, (_tag, name: string) => (botName && name.trim() === botName ? '' : name))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Who a card belongs to: the Entra object id when Teams sends it (the same person on every client), else from.id. */
export interface Person {
  readonly id: string;
  readonly name: string;
}

export function personOf(from: ChannelAccount | undefined): Person | undefined {
  const id = from?.aadObjectId ?? from?.id;
  return id ? { id, name: from?.name ?? '' } : undefined;
}

/** The Teams deep link that opens the user's 1:1 chat with the bot (users=28:<Microsoft App ID>). */
export function personalChatUrl(context: TurnContext, botAppId: string | undefined): string {
  // Teams gives the bot's own account as 28:<app id>; it stands in when the app id is not configured (local runs).
  const botUser = botAppId ? `28:${botAppId}` : (context.activity.recipient?.id ?? '');
  return `https://teams.microsoft.com/l/chat/0/0?users=${botUser}`;
}

/** A Teams mention of a person: the entity, and the <at>name</at> text it stands for in the message. */
export function mentionOf(account: ChannelAccount): { readonly text: string; readonly entity: Mention } {
  const text = `<at>${account.name ?? ''}</at>`;
  return { text, entity: { type: 'mention', text, mentioned: { id: account.id, name: account.name ?? '' } } };
}
