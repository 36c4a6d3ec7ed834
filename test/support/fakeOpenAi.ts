import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  /** The body as it arrived, for tests that scan everything the bot sent. */
  readonly raw: string;
  readonly body: { model?: string; messages?: { role: string; content: string }[] } & Record<string, unknown>;
}

/** The system message the bot sent (its rules and sources), as a misbehaving model would read it. */
export const systemPromptOf = (req: RecordedRequest): string =>
  req.body.messages?.find((m) => m.role === 'system')?.content ?? '';
/** The user message the bot sent. */
export const questionOf = (req: RecordedRequest): string =>
  req.body.messages?.find((m) => m.role === 'user')?.content ?? '';

export type Behaviour =
  | { readonly kind: 'reply'; readonly content: (req: RecordedRequest) => string; readonly delayMs?: number }
  | { readonly kind: 'status'; readonly status: number; readonly delayMs?: number }
  /** Reads the request and never answers (the connection stays open until stop). */
  | { readonly kind: 'hang' }
  /** Any body with any status and content type: garbage JSON, an HTML error page, a wrong shape. */
  | { readonly kind: 'raw'; readonly status: number; readonly contentType: string; readonly body: string };

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1, for both the OpenAI route (/v1/chat/completions)
 * and the Azure route (/openai/deployments/:name/chat/completions). It answers with the real response shape.
 */
export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  behaviour: Behaviour = { kind: 'reply', content: () => 'NO_ANSWER' };
  private readonly server: Server;

  constructor() {
    // Calls are not chained: restify, once loaded, patches ServerResponse.writeHead to return nothing.
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          raw,
          body: raw ? (JSON.parse(raw) as RecordedRequest['body']) : {},
        };
        this.requests.push(recorded);
        const behaviour = this.behaviour;
        if (behaviour.kind === 'hang') return;
        const respond = (): void => {
          if (res.destroyed) return;
          if (!/\/chat\/completions/.test(recorded.url)) {
            res.writeHead(404, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { message: 'not found' } }));
            return;
          }
          if (behaviour.kind === 'raw') {
            res.writeHead(behaviour.status, { 'content-type': behaviour.contentType });
            res.end(behaviour.body);
            return;
          }
          if (behaviour.kind === 'status') {
            res.writeHead(behaviour.status, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { message: 'fake failure', type: 'server_error' } }));
            return;
          }
          const content = behaviour.content(recorded);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: `chatcmpl-${this.requests.length}`,
              object: 'chat.completion',
              created: Math.floor(Date.now() / 1000),
              model: recorded.body.model ?? 'deployment',
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content, refusal: null },
                  finish_reason: 'stop',
                  logprobs: null,
                },
              ],
              usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
            }),
          );
        };
        const delay = behaviour.kind === 'raw' ? 0 : (behaviour.delayMs ?? 0);
        if (delay > 0) setTimeout(respond, delay).unref();
        else respond();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
