import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from '@dx/observability';
import { PLATFORM_LOGGER, SERVICE_CONFIG } from '@dx/service-kit';
import type { TrustConfig } from '../../config/trust.config';
import { CreditCleanMonthsHandler } from './credit-clean-months.handler';

/**
 * Time-driven evidence: every TRUST_SCHEDULER_INTERVAL_MS (the first pass one interval after boot) the
 * integrity credit of completed months is given. Failures are logged and retried next pass.
 */
@Injectable()
export class TrustScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly cleanMonths: CreditCleanMonthsHandler,
    @Inject(SERVICE_CONFIG) private readonly config: TrustConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(this.config.TRUST_SCHEDULER_INTERVAL_MS);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.cleanMonths
        .execute()
        .then((n) => {
          if (n) this.logger.info({ credits: n }, 'integrity credit for clean months');
        })
        .catch((err: unknown) => this.logger.error({ err }, 'trust scheduler pass failed'))
        .finally(() => this.schedule(this.config.TRUST_SCHEDULER_INTERVAL_MS));
    }, delay);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
