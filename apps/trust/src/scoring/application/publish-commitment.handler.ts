import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TrustCommitmentUpdatedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { CommitmentStore } from '../domain/commitment-store';
import { CommitmentCalculator } from './commitment-calculator';
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
    private readonly calculator: CommitmentCalculator,
    private readonly store: CommitmentStore<EntityManager>,
  ) {}

  /** Every known participant (the scheduler's pass: tenure moves with time alone). */
  async executeAll(at = this.clock.now()): Promise<number> {
    const ids = await this.store.participants();
    let published = 0;
    // One participant per transaction: the rescorer publishes in its own transactions at the same
    // time, and a transaction here holding several rows of commitment_published while waiting for
    // another deadlocked with it (found by the demo, which runs this pass on every clock move).
    for (const id of ids)
      if (await this.dataSource.transaction((em) => this.execute(em, id, at, null))) published++;
    return published;
  }

  async execute(
    em: EntityManager,
    participantId: string,
    at: Date,
    causeEventId: string | null,
  ): Promise<boolean> {
    const ci = await this.calculator.of(em, participantId, at);
    if (!ci) return false;
    const fingerprint = [ci.index, ...ci.components.map((c) => c.value)]
      .map((v) => v.toFixed(3))
      .join('|');
    if (!(await this.store.markPublished(em, participantId, ci.index, fingerprint, at)))
      return false;
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
