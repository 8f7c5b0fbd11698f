import type { Logger } from '@dx/observability';

/**
 * A pass that runs every `intervalMs`, the first one interval after `start()` (so a restart storm
 * does not run it in a loop). A failing pass is logged and the next one runs as planned; `stop()`
 * waits for the pass in flight.
 */
export class IntervalTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass()
        .catch((err: unknown) => this.logger.error({ err }, `${this.name} failed`))
        .finally(() => this.schedule());
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
