import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from '@dx/observability';
import { IntervalTask, PLATFORM_LOGGER, SERVICE_CONFIG } from '@dx/service-kit';
import type { TrustConfig } from '../../config/trust.config';
import { CreditCleanMonthsHandler } from './credit-clean-months.handler';

/**
 * Time-driven evidence: every TRUST_SCHEDULER_INTERVAL_MS (the first pass one interval after boot) the
 * integrity credit of completed months is given. Failures are logged and retried next pass.
 */
@Injectable()
export class TrustScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: IntervalTask;

  constructor(
    cleanMonths: CreditCleanMonthsHandler,
    @Inject(SERVICE_CONFIG) config: TrustConfig,
    @Inject(PLATFORM_LOGGER) logger: Logger,
  ) {
    this.task = new IntervalTask(
      'trust scheduler pass',
      config.TRUST_SCHEDULER_INTERVAL_MS,
      async () => {
        const credits = await cleanMonths.execute();
        if (credits) logger.info({ credits }, 'integrity credit for clean months');
      },
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
