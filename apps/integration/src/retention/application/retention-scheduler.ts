import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from '@dx/observability';
import { IntervalTask, PLATFORM_LOGGER, SERVICE_CONFIG, TimeDrivenWork } from '@dx/service-kit';
import type { IntegrationConfig } from '../../config/integration.config';
import { PurgeExpiredRecordsHandler } from './purge-expired-records.handler';

/**
 * Runs the retention purge every RETENTION_INTERVAL_MS (the first pass one interval after boot, so
 * a restart storm does not purge in a loop). Failures are logged and retried on the next pass.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: IntervalTask;

  constructor(
    purge: PurgeExpiredRecordsHandler,
    @Inject(SERVICE_CONFIG) config: IntegrationConfig,
    @Inject(PLATFORM_LOGGER) logger: Logger,
    timeDriven: TimeDrivenWork,
  ) {
    const pass = async (): Promise<void> => {
      const purged = await purge.execute();
      if (purged.length) logger.info({ purged }, 'retention purge');
    };
    this.task = new IntervalTask('retention purge', config.RETENTION_INTERVAL_MS, pass, logger);
    timeDriven.register('retention purge', pass);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
