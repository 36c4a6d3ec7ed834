import type { Logger } from 'pino';

/**
 * Runs a job now and then every `intervalMs` after the previous run ended, so runs never overlap.
 * The timer is unref'd (it does not keep the process alive) and a failing run is logged, not thrown.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private active = false;

  constructor(
    private readonly name: string,
    private readonly run: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  get started(): boolean {
    return this.active;
  }

  /** Starts with one run right away (catching up on what was due while the process was down). */
  start(intervalMs: number): void {
    if (this.active) return;
    this.active = true;
    const loop = (): void => {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        if (!this.active) return;
        this.timer = setTimeout(loop, intervalMs);
        this.timer.unref();
      });
    };
    loop();
  }

  /** Stops the timer and waits for a run in progress, so the database can be closed after it. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.logger.error({ err: error, job: this.name }, 'periodic job failed');
    }
  }
}
