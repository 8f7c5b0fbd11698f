import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TrustCommitmentUpdatedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { commitmentOf } from './read-trust.handler';
import { CLOCK, type Clock } from '@dx/service-kit';

/**
 * Publishes a participant's commitment index (`trust.commitment.updated`, key
 * `<participantId>:commitment`) when it moved: the index and each component to three decimals form
 * a fingerprint, so continuous growth of tenure does not publish every time. In the caller's
 * transaction, with its outbox.
 */
@Injectable()
export class PublishCommitmentHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly dataSource: DataSource,
  ) {}

  /** Every known participant (the scheduler's pass: tenure moves with time alone). */
  async executeAll(at = this.clock.now()): Promise<number> {
    const ids = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT DISTINCT participant_id::text AS id FROM trust.trust_profiles`,
    );
    let published = 0;
    // One participant per transaction: the rescorer publishes in its own transactions at the same
    // time, and a transaction here holding several rows of commitment_published while waiting for
    // another deadlocked with it (found by the demo, which runs this pass on every clock move).
    for (const { id } of ids)
      if (await this.dataSource.transaction((em) => this.execute(em, id, at, null))) published++;
    return published;
  }

  async execute(
    em: EntityManager,
    participantId: string,
    at: Date,
    causeEventId: string | null,
  ): Promise<boolean> {
    const ci = await commitmentOf(em, participantId, at);
    if (!ci) return false;
    const fingerprint = [ci.index, ...ci.components.map((c) => c.value)]
      .map((v) => v.toFixed(3))
      .join('|');
    const changed = await em.query<Array<{ participant_id: string }>>(
      `INSERT INTO trust.commitment_published (participant_id, index, fingerprint, computed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (participant_id) DO UPDATE SET index = EXCLUDED.index, fingerprint = EXCLUDED.fingerprint, computed_at = EXCLUDED.computed_at
       WHERE trust.commitment_published.fingerprint <> EXCLUDED.fingerprint
       RETURNING participant_id`,
      [participantId, ci.index, fingerprint, at],
    );
    if (changed.length === 0) return false;
    await this.outbox.append(
      em,
      TrustCommitmentUpdatedV1.envelope(
        {
          participantId,
          index: ci.index,
          components: ci.components.map((c) => ({ ...c, name: String(c.name) })),
          modelVersion: ci.modelVersion,
          computedAt: at.toISOString(),
        },
        {
          source: 'trust',
          subject: `${participantId}:commitment`,
          time: at,
          ...(causeEventId ? { causationId: causeEventId } : {}),
        },
      ),
    );
    return true;
  }
}
