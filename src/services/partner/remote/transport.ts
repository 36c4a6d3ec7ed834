import {
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { errorBodySchema } from '../http/api';
import { fail, ok, type Result } from '../result';

export interface RetryOptions {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  /** Also caps a server's Retry-After. */
  readonly maxDelayMs: number;
}

export interface TransportOptions {
  readonly baseUrl: string;
  readonly token: string;
  /** Per attempt; a timed-out attempt is not retried (see `send`). */
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly retry?: RetryOptions;
}

export const defaultRetry: RetryOptions = { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 2000 };

export interface ApiRequest {
  readonly method: 'GET' | 'POST';
  /** Starts with /v1/. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** One HTTP exchange, read to the end. A class so the retry filter can recognise it without a cast. */
class Reply {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly retryAfterMs: number | undefined,
  ) {}

  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/**
 * JSON over fetch with cockatiel policies: a timeout per attempt, and retries with exponential backoff
 * and jitter on 429, 5xx and network errors (Retry-After honoured, capped). POSTs are retried too: their
 * body carries a requestId, so a replay makes no second change. Every outcome is a Result.
 */
export class HttpTransport {
  private readonly retry: RetryOptions;

  constructor(private readonly options: TransportOptions) {
    this.retry = options.retry ?? defaultRetry;
  }

  /** `once`: one attempt with its own timeout, no retry (the health probe). */
  async send<T>(
    request: ApiRequest,
    schema: z.ZodType<{ value: T }>,
    once?: { readonly timeoutMs: number },
  ): Promise<Result<T>> {
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, '')}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const what = `${request.method} ${request.path}`;
    const log = this.options.logger.child({ call: what });
    const init: RequestInit = {
      method: request.method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${this.options.token}`,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    };

    const timeoutMs = once?.timeoutMs ?? this.options.timeoutMs;
    const attempts = once ? 1 : this.retry.maxAttempts;
    const policy = this.policy(log, attempts, timeoutMs);
    let reply: Reply;
    try {
      reply = await policy.execute(async ({ signal }) => {
        const res = await fetch(url, { ...init, signal });
        return new Reply(res.status, await res.text(), retryAfterMs(res.headers.get('retry-after')));
      });
    } catch (error) {
      // A slow API is likely still working on the request; the user waiting in Teams should hear back now.
      const detail = timedOut(error) ? `${what} timed out after ${timeoutMs} ms` : `${what} failed: ${describe(error)}`;
      log.warn({ detail }, 'partner API unavailable');
      return fail({ code: 'Unavailable', detail });
    }
    return this.interpret(reply, schema, what, log, attempts);
  }

  private policy(log: Logger, maxAttempts: number, timeoutMs: number) {
    const { initialDelayMs, maxDelayMs } = this.retry;
    const retryPolicy = retry(
      handleWhen((error) => !timedOut(error)).orWhenResult((r) => r instanceof Reply && r.retryable),
      {
        maxAttempts: Math.max(0, maxAttempts - 1), // cockatiel counts retries, not attempts
        backoff: new RetryAfterBackoff(
          new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: maxDelayMs }),
          maxDelayMs,
        ),
      },
    );
    retryPolicy.onRetry((event) => {
      const cause =
        'error' in event
          ? { error: describe(event.error) }
          : { status: event.value instanceof Reply ? event.value.status : undefined };
      log.warn({ ...cause, attempt: event.attempt, delayMs: event.delay }, 'partner API call retried');
    });
    return wrap(retryPolicy, timeout(timeoutMs, TimeoutStrategy.Aggressive));
  }

  private interpret<T>(
    reply: Reply,
    schema: z.ZodType<{ value: T }>,
    what: string,
    log: Logger,
    attempts: number,
  ): Result<T> {
    const unavailable = (detail: string): Result<T> => {
      log.warn({ status: reply.status, detail }, 'partner API unavailable');
      return fail({ code: 'Unavailable', detail });
    };
    const json = parseJson(reply.text);
    if (reply.status >= 200 && reply.status < 300) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return ok(parsed.data.value);
      if (json === undefined) return unavailable(`${what}: malformed response (not JSON)`);
      const issue = parsed.error.issues[0];
      return unavailable(
        `${what}: malformed response (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`,
      );
    }
    const error = errorBodySchema.safeParse(json);
    // A 403 that names the user's problem (NotInDirectory, Forbidden) is about the user; any other 401/403
    // is about the bot's own token, which only an admin can fix: not retried, not "try again later".
    if (reply.status === 401 || (reply.status === 403 && !error.success)) {
      const detail = `${what}: the partner API refused the token (${reply.status})`;
      log.error({ status: reply.status, detail }, 'partner API refused the token: check PARTNER_API_TOKEN');
      return fail({ code: 'Misconfigured', reason: 'tokenRefused', detail });
    }
    if (error.success && reply.status < 500) return fail(error.data.error);
    return unavailable(`${what}: HTTP ${reply.status}${reply.retryable ? ` after ${attempts} attempts` : ''}`);
  }
}

/** Exponential backoff with jitter, except that a server's Retry-After wins (up to the cap). */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly exponential: IBackoffFactory<unknown>,
    private readonly capMs: number,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const step = this.exponential.next(context);
    const hinted =
      'value' in context.result && context.result.value instanceof Reply
        ? context.result.value.retryAfterMs
        : undefined;
    return {
      duration: hinted === undefined ? step.duration : Math.min(hinted, this.capMs),
      next: (ctx) => new RetryAfterBackoff(step, this.capMs).next(ctx),
    };
  }
}

// cockatiel 3.2.1's isTaskCancelledError tests the wrong marker property and is always false.
const timedOut = (error: unknown): boolean => error instanceof TaskCancelledError;

/** Retry-After is delay-seconds or an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
