import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Logger } from '@dx/observability';
import { IntervalTask, PLATFORM_LOGGER } from '@dx/service-kit';
import { OutboundQueue, type DueMessage } from './outbound';
import { PeerTokens } from './peer-tokens';

const PASS_MS = 250;
const BATCH = 20;
/** A claimed message is free for another replica again after this long. */
const LEASE_MS = 30_000;
const SEND_TIMEOUT_MS = 10_000;
/** Retry delays grow from one second to five minutes; a message is retried until it is delivered. */
const backoff = (attempts: number): number => Math.min(300_000, 1000 * 2 ** attempts);

/**
 * Delivers the messages owed to peers, in order per process, at least once: a peer that is down
 * gets them when it is back (DSP messages are idempotent by process id and state).
 */
@Injectable()
export class OutboundSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: IntervalTask;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: OutboundQueue<EntityManager>,
    private readonly tokens: PeerTokens,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {
    this.task = new IntervalTask('DSP outbound sender', PASS_MS, () => this.pass(), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** One pass: claim, send, record; public so a test can drive it. */
  async pass(): Promise<number> {
    const due = await this.dataSource.transaction((em) => this.queue.claim(em, BATCH, LEASE_MS));
    await Promise.all(due.map((m) => this.send(m)));
    return due.length;
  }

  private async send(m: DueMessage): Promise<void> {
    try {
      const token = await this.tokens.for(m.audience);
      const res = await fetch(m.url, {
        method: 'POST',
        // DSP: the Authorization header carries the token as it is (what EDC reads).
        headers: { 'content-type': 'application/json', authorization: token },
        body: JSON.stringify(m.body),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 500)}`);
      await this.queue.sent(this.dataSource.manager, m.id);
    } catch (err) {
      const error = (err as Error).message;
      this.logger.warn(
        { url: m.url, attempts: m.attempts + 1, error },
        'DSP message not delivered; will retry',
      );
      await this.queue.failed(this.dataSource.manager, m.id, error, backoff(m.attempts));
    }
  }
}
