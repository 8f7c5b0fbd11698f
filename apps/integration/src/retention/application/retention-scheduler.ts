import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from '@dx/observability';
import { PLATFORM_LOGGER, SERVICE_CONFIG } from '@dx/service-kit';
import type { IntegrationConfig } from '../../config/integration.config';
import { PurgeExpiredRecordsHandler } from './purge-expired-records.handler';

/**
 * Runs the retention purge every RETENTION_INTERVAL_MS (the first pass one interval after boot, so
 * a restart storm does not purge in a loop). Failures are logged and retried on the next pass.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly purge: PurgeExpiredRecordsHandler,
    @Inject(SERVICE_CONFIG) private readonly config: IntegrationConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.purge
        .execute()
        .then((purged) => {
          if (purged.length) this.logger.info({ purged }, 'retention purge');
        })
        .catch((err: unknown) => this.logger.error({ err }, 'retention purge failed'))
        .finally(() => this.schedule());
    }, this.config.RETENTION_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
