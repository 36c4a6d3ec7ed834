import type { Logger } from 'pino';
import type restify from 'restify';

/** What one dependency said: `misconfigured` = it answered but refused the bot's credentials. */
export type CheckState = 'ok' | 'down' | 'misconfigured';

/** A cheap question to one dependency; resolves its state or rejects (= down). */
export type Probe = () => Promise<CheckState>;

export interface HealthOptions {
  /** By name, as they appear in the response's `checks`. */
  readonly probes: Readonly<Record<string, Probe>>;
  /** Each probe's budget: a dependency slower than this counts as down. */
  readonly timeoutMs: number;
  /** Static facts added to the body (entry count, which implementations run). */
  readonly info: Readonly<Record<string, string | number>>;
  readonly logger: Logger;
}

/** Runs `probe` within `ms`; a rejection or a late answer is `down`, logged with why. */
async function bounded(name: string, probe: Probe, ms: number, logger: Logger): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckState>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({ check: name, timeoutMs: ms }, 'health check timed out');
      resolve('down');
    }, ms);
  });
  const answer = probe().catch((error: unknown): CheckState => {
    logger.warn({ check: name, error: error instanceof Error ? error.message : String(error) }, 'health check failed');
    return 'down';
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /healthz: 200 {status:'ok', checks} when every dependency answers, else 503 {status:'degraded', checks}
 * naming the one that does not, so a load balancer or an operator sees the real state.
 */
export function registerHealthRoute(server: restify.Server, options: HealthOptions): void {
  server.get('/healthz', async (_req, res) => {
    const names = Object.keys(options.probes);
    const states = await Promise.all(
      names.map((name) =>
        bounded(
          name,
          options.probes[name] ?? (() => Promise.resolve('down' as const)),
          options.timeoutMs,
          options.logger,
        ),
      ),
    );
    const checks = Object.fromEntries(names.map((name, i) => [name, states[i]]));
    const healthy = states.every((s) => s === 'ok');
    res.send(healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded', checks, ...options.info });
  });
}
