import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { readBody } from './http';
import type { Activity } from 'botbuilder';

/** One activity the bot sent to the connector, as the connector saw it. */
export interface ReceivedActivity {
  /** The conversation id from the URL, decoded. */
  readonly conversationId: string;
  /** 'reply' (POST …/activities/:id), 'send' (POST …/activities) or 'update' (PUT …/activities/:id). */
  readonly operation: 'reply' | 'send' | 'update';
  /** The :activityId in the URL for replies and updates. */
  readonly urlActivityId: string | undefined;
  /** The id the fake connector answered with. */
  readonly id: string;
  /** performance.now() when the request body was complete. */
  readonly receivedAt: number;
  readonly activity: Partial<Activity>;
}

export interface NextOptions {
  readonly timeoutMs?: number;
  /** Typing indicators are skipped unless this is true. */
  readonly includeTyping?: boolean;
}

export interface FakeConnectorOptions {
  /**
   * Keep activities once `next` has returned them (default true, so tests can inspect the history).
   * Long runs such as the bench turn this off so the history does not grow the heap.
   */
  readonly keepConsumed?: boolean;
}

export interface FakeConnector {
  /** Use as the activity's serviceUrl (ends with a slash, as Teams' does). */
  readonly serviceUrl: string;
  /** Everything received for a conversation so far (that is kept), in arrival order. */
  received(conversationId: string): readonly ReceivedActivity[];
  /** Requests the fake does not implement (method and path), so tests can assert there were none. */
  readonly unexpected: readonly string[];
  /**
   * Resolves with the next `count` activities of a conversation that no earlier call consumed,
   * waiting for them to arrive; rejects after the timeout, saying what did arrive.
   */
  next(conversationId: string, count: number, options?: NextOptions): Promise<ReceivedActivity[]>;
  /** Called for every received activity (used by the bench). */
  onActivity(listener: (received: ReceivedActivity) => void): void;
  close(): Promise<void>;
}

interface Waiter {
  readonly count: number;
  readonly includeTyping: boolean;
  readonly resolve: (items: ReceivedActivity[]) => void;
}

interface ConversationLog {
  readonly all: ReceivedActivity[];
  /** Index in `all` of the first activity no `next` call has consumed. */
  cursor: number;
  readonly waiters: Waiter[];
}

const route = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

function send(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const summary = (r: ReceivedActivity): string =>
  `${r.operation} ${r.activity.type ?? '?'} ${r.activity.text ?? (r.activity.attachments ? '[card]' : '')}`;

/** A Bot Connector stand-in on 127.0.0.1: records what the bot sends and answers like the real service. */
export async function startFakeConnector({ keepConsumed = true }: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const logs = new Map<string, ConversationLog>();
  const unexpected: string[] = [];
  const listeners: ((received: ReceivedActivity) => void)[] = [];
  let sequence = 0;

  const log = (conversationId: string): ConversationLog => {
    let entry = logs.get(conversationId);
    if (!entry) {
      entry = { all: [], cursor: 0, waiters: [] };
      logs.set(conversationId, entry);
    }
    return entry;
  };

  /** Takes `count` matching activities from the cursor on, or returns undefined (consuming nothing). */
  const take = (entry: ConversationLog, count: number, includeTyping: boolean): ReceivedActivity[] | undefined => {
    const taken: ReceivedActivity[] = [];
    let i = entry.cursor;
    for (; i < entry.all.length && taken.length < count; i += 1) {
      const item = entry.all[i] as ReceivedActivity;
      if (includeTyping || item.activity.type !== 'typing') taken.push(item);
    }
    if (taken.length < count) return undefined;
    if (keepConsumed) entry.cursor = i;
    else entry.all.splice(0, i);
    return taken;
  };

  const settle = (entry: ConversationLog): void => {
    while (entry.waiters.length > 0) {
      const waiter = entry.waiters[0] as Waiter;
      const taken = take(entry, waiter.count, waiter.includeTyping);
      if (!taken) return;
      entry.waiters.shift();
      waiter.resolve(taken);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://connector.local');
    const match = route.exec(url.pathname);
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const receivedAt = performance.now();
    if (!match || !(method === 'POST' || method === 'PUT') || (method === 'PUT' && !match[2])) {
      unexpected.push(`${method} ${url.pathname}`);
      send(res, 404, {
        error: { code: 'NotFound', message: `fake connector does not implement ${method} ${url.pathname}` },
      });
      return;
    }
    let activity: Partial<Activity>;
    try {
      activity = JSON.parse(body) as Partial<Activity>;
    } catch {
      send(res, 400, { error: { code: 'BadArgument', message: 'body is not JSON' } });
      return;
    }
    const conversationId = decodeURIComponent(match[1] as string);
    const urlActivityId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const operation = method === 'PUT' ? 'update' : urlActivityId === undefined ? 'send' : 'reply';
    sequence += 1;
    const id = operation === 'update' ? (urlActivityId as string) : `1:fake-${sequence}`;
    const received: ReceivedActivity = { conversationId, operation, urlActivityId, id, receivedAt, activity };
    const entry = log(conversationId);
    entry.all.push(received);
    // Answer first, as the real service does, then let waiting tests see the activity.
    send(res, operation === 'update' ? 200 : 201, { id });
    for (const listener of listeners) listener(received);
    settle(entry);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      unexpected.push(`error ${String(err)}`);
      if (!res.headersSent) send(res, 500, { error: { code: 'ServiceError', message: String(err) } });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    unexpected,
    received: (conversationId) => [...(logs.get(conversationId)?.all ?? [])],
    onActivity: (listener) => {
      listeners.push(listener);
    },
    next: (conversationId, count, options = {}) => {
      const entry = log(conversationId);
      const includeTyping = options.includeTyping ?? false;
      if (entry.waiters.length === 0) {
        const taken = take(entry, count, includeTyping);
        if (taken) return Promise.resolve(taken);
      }
      const timeoutMs = options.timeoutMs ?? 5000;
      return new Promise<ReceivedActivity[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = entry.waiters.indexOf(waiter);
          if (index >= 0) entry.waiters.splice(index, 1);
          const pending = entry.all.slice(entry.cursor).map(summary);
          reject(
            new Error(
              `fake connector: expected ${count} activities for ${conversationId} within ${timeoutMs} ms; ` +
                `unconsumed: [${pending.join('; ')}]`,
            ),
          );
        }, timeoutMs);
        const waiter: Waiter = {
          count,
          includeTyping,
          resolve: (items) => {
            clearTimeout(timer);
            resolve(items);
          },
        };
        entry.waiters.push(waiter);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
