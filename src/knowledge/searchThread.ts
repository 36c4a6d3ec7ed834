import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { FaqResult } from './faqEngine';
import { fromWire, type FaqSearch, type WireCandidate } from './faqSearch';
import type { KnowledgeEntry, Language } from './schema';
import type { Candidate } from './searchTypes';
import type { Synonyms } from './text';

export type SearchRequest =
  | { readonly id: number; readonly op: 'ask'; readonly text: string; readonly locale: string | undefined }
  | {
      readonly id: number;
      readonly op: 'rank';
      readonly text: string;
      readonly language: Language;
      readonly limit: number;
    };

export type SearchReply =
  | { readonly op: 'ready' }
  | { readonly id: number; readonly op: 'ask'; readonly result: FaqResult<WireCandidate> }
  | { readonly id: number; readonly op: 'rank'; readonly result: readonly WireCandidate[] }
  | { readonly id: number; readonly op: 'error'; readonly message: string };

interface Pending {
  readonly settle: (reply: SearchReply) => void;
  /** Answers the request on the event loop instead, if the thread dies first. */
  readonly inline: () => void;
}

export interface SearchThreadOptions {
  readonly entries: readonly KnowledgeEntry[];
  readonly synonyms: Synonyms;
  /** Answers when the thread is down. */
  readonly inline: FaqSearch;
  readonly logger: Logger;
  /** Least time between two restarts after the thread died (default 10 s), so a crash cannot loop. */
  readonly restartAfterMs?: number;
  /** Sees each thread started (tests stop one to check the fallback and the restart). */
  readonly onThread?: (worker: Worker) => void;
}

// Under tsx (npm start, tests) the worker must load TypeScript too; a compiled build needs nothing.
const workerFile = path.join(__dirname, `searchWorker${path.extname(__filename)}`);
const workerExecArgv = __filename.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];

/**
 * Runs the search on its own thread: it is the CPU-bound part of a FAQ turn, and off the event loop it
 * no longer delays the other conversations' I/O. If the thread dies, requests are answered inline
 * until it has been restarted.
 */
export class ThreadFaqSearch implements FaqSearch {
  #worker: Worker | undefined;
  #starting: Promise<void> | undefined;
  #lastStart = 0;
  #nextId = 0;
  #closed = false;
  readonly #pending = new Map<number, Pending>();
  readonly #decode: ReturnType<typeof fromWire>;

  private constructor(private readonly options: SearchThreadOptions) {
    // The thread returns ids; they resolve to these same entry objects.
    const byId = new Map(options.entries.map((entry) => [entry.id, entry]));
    this.#decode = fromWire((id) => byId.get(id));
  }

  /** Starts the thread and waits until its index is built; if it cannot start, search runs inline (logged). */
  static async start(options: SearchThreadOptions): Promise<ThreadFaqSearch> {
    const search = new ThreadFaqSearch(options);
    await search.#spawn().catch(() => undefined); // logged by the error and exit handlers
    return search;
  }

  /** True while requests go to the thread (false while it is down). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  ask(text: string, locale: string | undefined): Promise<FaqResult> {
    return this.#call(
      (id) => ({ id, op: 'ask', text, locale }),
      (reply) => (reply.op === 'ask' ? this.#decode.result(reply.result) : undefined),
      () => this.options.inline.ask(text, locale),
    );
  }

  rank(text: string, language: Language, limit: number): Promise<Candidate[]> {
    return this.#call(
      (id) => ({ id, op: 'rank', text, language, limit }),
      (reply) => (reply.op === 'rank' ? reply.result.map(this.#decode.candidate) : undefined),
      () => this.options.inline.rank(text, language, limit),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #call<T>(
    request: (id: number) => SearchRequest,
    decode: (reply: SearchReply) => T | undefined,
    inline: () => Promise<T>,
  ): Promise<T> {
    const worker = this.#worker;
    if (!worker) {
      this.#restartSoon();
      return inline();
    }
    return new Promise<T>((resolve, reject) => {
      const id = (this.#nextId += 1);
      this.#pending.set(id, {
        settle: (reply) => {
          const value = decode(reply);
          if (value !== undefined) resolve(value);
          else
            reject(
              new Error(
                reply.op === 'error'
                  ? `search thread: ${reply.message}`
                  : `search thread answered ${reply.op} to a request`,
              ),
            );
        },
        inline: () => void inline().then(resolve, reject),
      });
      worker.postMessage(request(id));
    });
  }

  #spawn(): Promise<void> {
    this.#lastStart = Date.now();
    const { entries, synonyms, logger } = this.options;
    const worker = new Worker(workerFile, { workerData: { entries, synonyms }, execArgv: workerExecArgv });
    // The server keeps the process alive; an idle search thread should not.
    worker.unref();
    this.options.onThread?.(worker);
    this.#starting = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: SearchReply) => {
        if (reply.op === 'ready') {
          this.#worker = worker;
          resolve();
          return;
        }
        const pending = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        pending?.settle(reply);
      });
      worker.on('error', (err) => {
        logger.error({ err }, 'search thread failed');
        reject(err);
      });
      worker.on('exit', (code) => {
        if (this.#worker === worker) this.#worker = undefined;
        if (!this.#closed)
          logger.warn({ code }, 'search thread stopped; searching on the event loop until it restarts');
        reject(new Error(`search thread exited with code ${code}`));
        const orphans = [...this.#pending.values()];
        this.#pending.clear();
        for (const pending of orphans) pending.inline();
      });
    }).finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  #restartSoon(): void {
    if (this.#closed || this.#starting || Date.now() - this.#lastStart < (this.options.restartAfterMs ?? 10_000))
      return;
    this.#spawn().then(
      () => this.options.logger.info('search thread restarted'),
      () => undefined, // already logged by the exit/error handlers
    );
  }
}
