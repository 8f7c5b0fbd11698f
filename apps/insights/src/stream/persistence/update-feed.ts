import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Client } from 'pg';
import { ReplaySubject, Subject } from 'rxjs';
import type { Logger } from '@dx/observability';
import {
  PLATFORM_LOGGER,
  SERVICE_CONFIG,
  ServiceLifecycle,
  type BaseServiceConfig,
} from '@dx/service-kit';
import type { ReadModelUpdate } from '../../read-models/domain/read-model-store';
import { UPDATES_CHANNEL } from '../../read-models/persistence/read-model-store.pg';

/**
 * Read-model updates as they commit: one LISTEN connection per process, fanned out to every open
 * stream. A lost connection is re-opened (streams stay open; they may miss updates meanwhile, and
 * the dashboard refetches on every update anyway).
 */
@Injectable()
export class UpdateFeed
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  readonly updates = new Subject<ReadModelUpdate>();
  /**
   * Emits once when the process shuts down, as the HTTP listener stops accepting connections:
   * every stream ends cleanly then (the browser's EventSource reconnects to another replica), so
   * the listener's close is not held up by streams that never end.
   */
  readonly closing = new ReplaySubject<void>(1);
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    lifecycle: ServiceLifecycle,
  ) {
    lifecycle.whenStopAccepting(() => this.endStreams());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'dx-insights-stream',
    });
    client.on('notification', (n) => {
      try {
        this.updates.next(JSON.parse(n.payload ?? '{}') as ReadModelUpdate);
      } catch (err) {
        this.logger.warn({ err }, 'unreadable read-model notification');
      }
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'update feed connection lost; reconnecting');
      this.client = undefined;
      void client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.connect(), 1000);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${UPDATES_CHANNEL}`);
      this.client = client;
    } catch (err) {
      this.logger.warn({ err }, 'update feed could not listen; retrying');
      await client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.connect(), 1000);
    }
  }

  beforeApplicationShutdown(): void {
    this.endStreams();
  }

  private endStreams(): void {
    if (this.closing.closed || this.closing.isStopped) return;
    this.closing.next();
    this.closing.complete();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.updates.complete();
    await this.client?.end().catch(() => undefined);
  }
}
