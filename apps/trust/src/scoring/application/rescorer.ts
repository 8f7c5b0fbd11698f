import { platformClock } from '@dx/contracts';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import type { Logger } from '@dx/observability';
import { PLATFORM_LOGGER, SERVICE_CONFIG } from '@dx/service-kit';
import type { TrustConfig } from '../../config/trust.config';
import { PublishCommitmentHandler } from './publish-commitment.handler';
import { TrustScorer } from './trust-scorer';

const BATCH = 50;
const IDLE_MS = 100;

/**
 * Drains the rescore queue: claims a batch of entries queued at least TRUST_RESCORE_DELAY_MS ago
 * (SKIP LOCKED, so replicas share it), rescores each participant and role once, and removes the
 * claimed rows — in one transaction per batch, so a crash leaves them queued. Each rescored
 * participant's commitment index is published when it moved. The delay lets a
 * burst of evidence for one participant cost one rescoring. Polls every 100 ms when idle.
 */
@Injectable()
export class Rescorer implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;
  private loop?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private wake?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scorer: TrustScorer,
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
      const n = await this.once(0);
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if ((await this.once(this.config.TRUST_RESCORE_DELAY_MS)) >= BATCH) continue;
      } catch (err) {
        this.logger.error({ err }, 'rescoring failed; retrying');
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, IDLE_MS);
      });
    }
  }

  private once(delayMs: number): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const due = await em.query<
        Array<{ participant_id: string; role: TrustRole; cause_event_id: string | null }>
      >(
        `SELECT participant_id, role, cause_event_id FROM trust.rescore_queue
         WHERE queued_at <= now() - make_interval(secs => $2::float8 / 1000)
         ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH, delayMs],
      );
      if (due.length === 0) return 0;
      await em.query(
        `DELETE FROM trust.rescore_queue q USING jsonb_to_recordset($1::jsonb) AS c(participant_id uuid, role text)
         WHERE q.participant_id = c.participant_id AND q.role = c.role`,
        [JSON.stringify(due.map((d) => ({ participant_id: d.participant_id, role: d.role })))],
      );
      const now = platformClock.now();
      for (const d of due)
        await this.scorer.rescore(em, d.participant_id, d.role, now, d.cause_event_id);
      // The commitment index moves with the same evidence and agreement transitions.
      const participants = new Map(due.map((d) => [d.participant_id, d.cause_event_id]));
      for (const [participantId, cause] of participants)
        await this.commitment.execute(em, participantId, now, cause);
      return due.length;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }
}
