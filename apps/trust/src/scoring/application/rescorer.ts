import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import type { Logger } from '@dx/observability';
import { PLATFORM_LOGGER, SERVICE_CONFIG, CLOCK, type Clock } from '@dx/service-kit';
import type { TrustConfig } from '../../config/trust.config';
import { PublishCommitmentHandler } from './publish-commitment.handler';
import { TrustScorer } from './trust-scorer';

const BATCH = 50;
const IDLE_MS = 100;
/** How long a claim holds its queue rows if the rescorer dies with them. */
const CLAIM_SECONDS = 60;

/**
 * Drains the rescore queue: claims a batch of entries queued at least TRUST_RESCORE_DELAY_MS ago
 * (by lease, SKIP LOCKED, so replicas share it), rescores each participant and role once, and
 * removes the rows it covered — a crash leaves them queued. Each rescored
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
    @Inject(CLOCK) private readonly clock: Clock,
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

  /**
   * Claims a batch by lease in a short transaction (no queue row stays locked while profiles are),
   * then rescores it in a second one, in participant order, and removes the rows it covered last:
   * the same lock order as the evidence consumer (profiles and state, then queue rows), so the two
   * never deadlock. A crash leaves the rows queued; their lease runs out and they are taken again.
   */
  private async once(delayMs: number): Promise<number> {
    const qr = this.dataSource.createQueryRunner();
    let due: Array<{
      participant_id: string;
      role: TrustRole;
      cause_event_id: string | null;
      generation: string;
    }>;
    try {
      // Structured result: for UPDATE … RETURNING TypeORM otherwise returns [rows, count].
      const claimed = await qr.query(
        `UPDATE trust.rescore_queue q SET claimed_until = now() + make_interval(secs => $3)
         FROM (SELECT participant_id, role FROM trust.rescore_queue
               WHERE queued_at <= now() - make_interval(secs => $2::float8 / 1000)
                 AND (claimed_until IS NULL OR claimed_until < now())
               ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED) c
         WHERE q.participant_id = c.participant_id AND q.role = c.role
         RETURNING q.participant_id::text, q.role, q.cause_event_id, q.generation::text`,
        [BATCH, delayMs, CLAIM_SECONDS],
        true,
      );
      due = claimed.records;
    } finally {
      await qr.release();
    }
    if (due.length === 0) return 0;
    due.sort((x, y) =>
      x.participant_id === y.participant_id
        ? x.role.localeCompare(y.role)
        : x.participant_id.localeCompare(y.participant_id),
    );
    try {
      await this.dataSource.transaction(async (em) => {
        const now = this.clock.now();
        for (const d of due)
          await this.scorer.rescore(em, d.participant_id, d.role, now, d.cause_event_id);
        // The commitment index moves with the same evidence and agreement transitions.
        const participants = new Map(due.map((d) => [d.participant_id, d.cause_event_id]));
        for (const [participantId, cause] of participants)
          await this.commitment.execute(em, participantId, now, cause);
        const rows = JSON.stringify(
          due.map((d) => ({
            participant_id: d.participant_id,
            role: d.role,
            generation: d.generation,
          })),
        );
        // Covered: removed. Re-queued meanwhile (generation moved): stays, claimable again.
        await em.query(
          `DELETE FROM trust.rescore_queue q USING jsonb_to_recordset($1::jsonb) AS c(participant_id uuid, role text, generation bigint)
           WHERE q.participant_id = c.participant_id AND q.role = c.role AND q.generation = c.generation`,
          [rows],
        );
        await em.query(
          `UPDATE trust.rescore_queue q SET claimed_until = NULL
           FROM jsonb_to_recordset($1::jsonb) AS c(participant_id uuid, role text)
           WHERE q.participant_id = c.participant_id AND q.role = c.role`,
          [rows],
        );
      });
    } catch (err) {
      // Give the claim back at once (a deadlock victim or a lost connection retries next round).
      await this.dataSource
        .query(
          `UPDATE trust.rescore_queue q SET claimed_until = NULL
           FROM jsonb_to_recordset($1::jsonb) AS c(participant_id uuid, role text)
           WHERE q.participant_id = c.participant_id AND q.role = c.role`,
          [JSON.stringify(due.map((d) => ({ participant_id: d.participant_id, role: d.role })))],
        )
        .catch(() => undefined);
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
