import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../../scripts/support/http';

export interface Scripted {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long before answering (the client may have given up by then). */
  readonly delayMs?: number;
}

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A partner API on 127.0.0.1 that answers from a script, one entry per request, the last one repeated;
 * `handler` may take over instead (e.g. to forward to the real API). Counts what it received.
 */
export class FakePartnerApi {
  readonly received: Received[] = [];
  script: Scripted[] = [];
  handler: ((req: Received) => Promise<Scripted>) | undefined;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      void readBody(req).then(async (body) => {
        const received: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        const index = this.received.push(received) - 1;
        const a = this.handler
          ? await this.handler(received)
          : (this.script[Math.min(index, this.script.length - 1)] ?? { status: 404, body: '{}' });
        const send = (): void => {
          if (res.destroyed) return;
          res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
          res.end(a.body);
        };
        if (a.delayMs) setTimeout(send, a.delayMs).unref();
        else send();
      });
    });
  }

  get attempts(): number {
    return this.received.length;
  }

  reset(script: Scripted[] = []): void {
    this.received.length = 0;
    this.script = script;
    this.handler = undefined;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address: AddressInfo | string | null = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Scripted => ({
  status,
  body: JSON.stringify(body),
  headers,
});
