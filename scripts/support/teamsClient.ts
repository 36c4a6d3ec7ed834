import { randomInt, randomUUID } from 'node:crypto';
import { request } from 'node:http';

export const botAccount = { id: '28:bot-id', name: 'Partner Benefits Assistant' } as const;
export const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** A user in a personal (1:1) chat with the bot, as Teams identifies them. */
export interface TeamsUser {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly locale: string;
  /** The personal conversation id ("a:…"), one per user. */
  readonly conversationId: string;
  readonly tenantId: string;
  /** Absent for the personal chat; see inGroup. */
  readonly conversationType?: 'groupChat' | 'channel';
}

/** A Teams user; pass `ids` to be someone in particular (e.g. a user of the seeded demo directory). */
export function teamsUser(
  name: string,
  locale: string,
  ids: { readonly aadObjectId?: string; readonly tenantId?: string } = {},
): TeamsUser {
  const suffix = randomUUID().replace(/-/g, '');
  return {
    id: `29:1${suffix}`,
    aadObjectId: ids.aadObjectId ?? randomUUID(),
    name,
    locale,
    conversationId: `a:1${suffix}${randomUUID().replace(/-/g, '')}`,
    tenantId: ids.tenantId ?? tenantId,
  };
}

/**
 * The same user writing in a group chat or a team channel, shared with others under `conversationId` (in a
 * channel, "19:…@thread.tacv2;messageid=…" names the thread).
 */
export const inGroup = (
  user: TeamsUser,
  conversationId: string,
  conversationType: 'groupChat' | 'channel' = 'groupChat',
): TeamsUser => ({ ...user, conversationId, conversationType });

export type TeamsActivity = Record<string, unknown> & { readonly id: string; readonly type: string };

interface Envelope extends Record<string, unknown> {
  readonly id: string;
  readonly channelData: Record<string, unknown>;
}

/** Fields every activity from Teams carries, for a personal chat. */
function envelope(user: TeamsUser, serviceUrl: string): Envelope {
  const now = new Date();
  return {
    // Numeric like Teams' message ids; random digits keep ids apart without a shared counter.
    id: `${now.getTime()}${randomInt(1_000_000, 10_000_000)}`,
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, aadObjectId: user.aadObjectId, name: user.name },
    conversation: {
      id: user.conversationId,
      conversationType: user.conversationType ?? 'personal',
      tenantId: user.tenantId,
      ...(user.conversationType === 'channel' ? { isGroup: true } : {}),
    },
    recipient: { ...botAccount },
    channelData: { tenant: { id: user.tenantId } },
    locale: user.locale,
    localTimezone: user.locale.startsWith('fr') ? 'Europe/Paris' : 'America/Los_Angeles',
    entities: [
      {
        type: 'clientInfo',
        locale: user.locale,
        country: user.locale.slice(3) || 'US',
        platform: 'Web',
        timezone: 'UTC',
      },
    ],
  };
}

/** The conversationUpdate Teams sends when the user installs the bot in personal scope. */
export function installActivity(user: TeamsUser, serviceUrl: string): TeamsActivity {
  const base = envelope(user, serviceUrl);
  return { ...base, id: `f:${base.id}`, type: 'conversationUpdate', membersAdded: [{ id: botAccount.id }] };
}

/** A message the user typed. */
export function messageActivity(user: TeamsUser, serviceUrl: string, text: string): TeamsActivity {
  return { ...envelope(user, serviceUrl), type: 'message', text, textFormat: 'plain', attachments: [] };
}

/** A message that @mentions the bot as Teams sends it: <at>name</at> in the text and a mention entity. */
export function mentionActivity(user: TeamsUser, serviceUrl: string, text: string): TeamsActivity {
  const base = messageActivity(user, serviceUrl, `<at>${botAccount.name}</at> ${text}`);
  const mention = { type: 'mention', text: `<at>${botAccount.name}</at>`, mentioned: { ...botAccount } };
  return { ...base, entities: [...(base.entities as unknown[]), mention] };
}

/** The conversationUpdate Teams sends when `members` leave, or the bot is removed (membersRemoved: the bot). */
export function membersRemovedActivity(user: TeamsUser, serviceUrl: string, members: readonly string[]): TeamsActivity {
  const base = envelope(user, serviceUrl);
  return { ...base, id: `f:${base.id}`, type: 'conversationUpdate', membersRemoved: members.map((id) => ({ id })) };
}

/** An Action.Submit click on a card the bot sent: Teams posts a message with the button data in value and no text. */
export function cardSubmitActivity(
  user: TeamsUser,
  serviceUrl: string,
  value: Record<string, unknown>,
  replyToId?: string,
): TeamsActivity {
  const base = envelope(user, serviceUrl);
  return {
    ...base,
    type: 'message',
    value,
    channelData: { ...base.channelData, source: { name: 'message' }, legacy: { replyToId: replyToId ?? '' } },
    ...(replyToId ? { replyToId } : {}),
  };
}

/** The invoke Teams sends when an Action.Execute button is pressed (Universal Actions); inputs are merged into data. */
export function cardExecuteActivity(
  user: TeamsUser,
  serviceUrl: string,
  verb: string,
  data: Record<string, unknown>,
  replyToId?: string,
): TeamsActivity {
  return {
    ...envelope(user, serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
    ...(replyToId ? { replyToId } : {}),
  };
}

/**
 * POSTs an activity to the bot endpoint the way the Bot Connector service does (anonymous, JSON), on
 * node:http's kept-alive global agent. The bench's client runs on the server's thread, so this is kept
 * cheap: fetch() took about a third of an echo turn's time there and diluted the ratios.
 */
export function postActivity(messagesUrl: string, activity: TeamsActivity): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(activity);
    const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };
    const req = request(messagesUrl, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The invoke Teams sends when a user searches the bot from the compose box. */
export function composeQueryActivity(user: TeamsUser, serviceUrl: string, query: string): TeamsActivity {
  return {
    ...envelope(user, serviceUrl),
    type: 'invoke',
    name: 'composeExtension/query',
    value: {
      commandId: 'searchFaq',
      parameters: [{ name: 'query', value: query }],
      queryOptions: { skip: 0, count: 25 },
    },
  };
}

/** Posts an invoke and returns the invoke response body, which Teams reads from the HTTP reply. */
export async function postInvoke(
  messagesUrl: string,
  activity: TeamsActivity,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(messagesUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return { status: res.status, body: await res.json() };
}
