import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from '@dx/observability';
import { PLATFORM_LOGGER, SERVICE_CONFIG, TimeDrivenWork } from '@dx/service-kit';
import type { ConsentConfig } from '../config/consent.config';
import { DetectMissedDeliveriesHandler } from '../obligations/application/detect-missed-deliveries.handler';
import { ExpireSubjectConsentsHandler } from '../subject-consents/application/expire-subject-consents.handler';
import { AdvanceDueAgreementsHandler } from '../agreements/application/advance-due-agreements.handler';

/**
 * Runs the time-driven work in the service: every SCHEDULER_INTERVAL_MS it drains what is due,
 * batch by batch — agreement transitions, missed deliveries, expired subject consents. State lives in the database (`next_due_at`), so a restart loses nothing and
 * catches up on what fell due while it was down.
 */
@Injectable()
export class AgreementScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** The last pass started; passes never reject (failures are logged and retried next time). */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly advance: AdvanceDueAgreementsHandler,
    private readonly missed: DetectMissedDeliveriesHandler,
    private readonly expireConsents: ExpireSubjectConsentsHandler,
    @Inject(SERVICE_CONFIG) private readonly config: ConsentConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    timeDriven: TimeDrivenWork,
  ) {
    timeDriven.register('agreement scheduler', () => this.drain());
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain().finally(() => this.schedule(this.config.SCHEDULER_INTERVAL_MS));
    }, delayMs);
  }

  /** Applies everything due now; public so an operator command or a test can run a pass. */
  drain(): Promise<void> {
    // One pass at a time in this process: a caller's pass starts after the one in flight, which
    // otherwise holds rows that SKIP LOCKED makes the caller's pass skip (it would return early).
    const pass = this.tail.then(() => this.pass());
    this.tail = pass;
    return pass;
  }

  private async pass(): Promise<void> {
    try {
      const batch = this.config.SCHEDULER_BATCH;
      // Agreement transitions first (an expiry cancels what would otherwise be missed), then obligations.
      while (!this.stopped && (await this.advance.execute(batch)) === batch);
      while (!this.stopped && (await this.missed.execute(batch)) === batch);
      while (!this.stopped && (await this.expireConsents.execute(batch)) === batch);
    } catch (err) {
      // The next pass retries; nothing was half-applied (one transaction per batch).
      this.logger.error({ err }, 'agreement scheduler pass failed');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
