import type { Logger } from 'pino';

/** Refused requests logged a minute; beyond, they are counted and one line says how many went unlogged. */
const REJECTION_LINES_PER_MINUTE = 10;
const MINUTE_MS = 60_000;

/** One warn line per refused request, at most REJECTION_LINES_PER_MINUTE a minute, then a count of the rest. */
export class RejectionLog {
  private windowStart = Number.NEGATIVE_INFINITY;
  private logged = 0;
  private suppressed = 0;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  note(fields: { readonly status: number; readonly reason: string; readonly remote: string | undefined }): void {
    const now = this.now();
    if (now - this.windowStart >= MINUTE_MS) {
      this.flush();
      this.windowStart = now;
      this.logged = 0;
    }
    if (this.logged < REJECTION_LINES_PER_MINUTE) {
      this.logged += 1;
      this.logger.warn(fields, 'request refused');
      return;
    }
    this.suppressed += 1;
    // Said even if the flood stops: a timer that does not keep the process alive.
    this.flushTimer ??= setTimeout(() => this.flush(), MINUTE_MS).unref();
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.suppressed === 0) return;
    this.logger.warn({ suppressed: this.suppressed }, 'more requests refused than logged; the rest were counted');
    this.suppressed = 0;
  }
}
