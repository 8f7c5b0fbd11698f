import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Logger } from '@dx/observability';
import { PLATFORM_LOGGER, SERVICE_CONFIG, CLOCK, type Clock } from '@dx/service-kit';
import type { TrustConfig } from '../../config/trust.config';
import { PublishCommitmentHandler } from './publish-commitment.handler';
import { RescoreQueue } from '../domain/rescore-queue';
import { TrustScorer } from './trust-scorer';

const BATCH = 50;
const IDLE_MS = 100;
/** How long a claim holds its queue rows if the rescorer dies with them. */
const CLAIM_SECONDS = 60;

/**
 * Drains the rescore queue: claims a batch of entries that have had no new evidence for
 * TRUST_RESCORE_DELAY_MS, or have waited TRUST_RESCORE_MAX_DELAY_MS (by lease, SKIP LOCKED, so
 * replicas share it), rescores each participant and role once, and removes the rows it covered — a
 * crash leaves them queued. Each rescored participant's commitment index is published when it
 * moved. The quiet period lets a burst or a stream of evidence for one participant cost one
 * rescoring; the bound keeps a steady stream from postponing it for good. Polls every 100 ms when
 * idle.
 */
@Injectable()
export class Rescorer implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;
  private loop?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private wake?: () => void;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly scorer: TrustScorer,
    private readonly queue: RescoreQueue<EntityManager>,
    private readonly commitment: PublishCommitmentHandler,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: TrustConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  /** Rescores everything queued now, due or not; for tests and operators. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.once({ quietMs: 0, maxWaitMs: 0 });
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const due = {
          quietMs: this.config.TRUST_RESCORE_DELAY_MS,
          maxWaitMs: this.config.TRUST_RESCORE_MAX_DELAY_MS,
        };
        if ((await this.once(due)) >= BATCH) continue;
      } catch (err) {
        this.logger.error({ err }, 'rescoring failed; retrying');
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, IDLE_MS);
      });
    }
  }

  /**
   * Claims a batch by lease in a short transaction (no queue row stays locked while profiles are),
   * then rescores it in a second one, in participant order, and removes the rows it covered last:
   * the same lock order as the evidence consumer (profiles and state, then queue rows), so the two
   * never deadlock. A crash leaves the rows queued; their lease runs out and they are taken again.
   */
  private async once(when: { quietMs: number; maxWaitMs: number }): Promise<number> {
    const due = await this.queue.claim(BATCH, when, CLAIM_SECONDS);
    if (due.length === 0) return 0;
    due.sort((x, y) =>
      x.participantId === y.participantId
        ? x.role.localeCompare(y.role)
        : x.participantId.localeCompare(y.participantId),
    );
    try {
      await this.dataSource.transaction(async (em) => {
        const now = this.clock.now();
        for (const d of due)
          await this.scorer.rescore(em, d.participantId, d.role, now, d.causeEventId);
        // The commitment index moves with the same evidence and agreement transitions.
        const participants = new Map(due.map((d) => [d.participantId, d.causeEventId]));
        for (const [participantId, cause] of participants)
          await this.commitment.execute(em, participantId, now, cause);
        await this.queue.complete(em, due);
      });
    } catch (err) {
      // Give the claim back at once (a deadlock victim or a lost connection retries next round).
      await this.queue.release(due).catch(() => undefined);
      throw err;
    }
    return due.length;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }
}
