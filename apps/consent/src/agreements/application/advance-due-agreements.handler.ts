import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxWriter } from '@dx/messaging';
import { AgreementStore } from '../domain/agreement-store';
import { agreementEnvelopes } from './agreement-events';
import { AGREEMENT_FOLLOW_UP, type AgreementFollowUp } from './ports';
import { CLOCK, type Clock } from '@dx/service-kit';

/**
 * Applies the time-driven transitions that are due (activation, expiry, end of notice) to one batch
 * of agreements. The batch is claimed with `FOR NO KEY UPDATE SKIP LOCKED` (as the repository
 * locks, see there why not FOR UPDATE), so several replicas share the
 * work without waiting for each other or doing anything twice; each agreement's change and events
 * commit together. Returns how many agreements were due.
 */
@Injectable()
export class AdvanceDueAgreementsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AgreementStore<EntityManager>,
    private readonly outbox: OutboxWriter,
    @Inject(AGREEMENT_FOLLOW_UP) private readonly obligations: AgreementFollowUp,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(batch: number): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (em) => {
      const due = await this.repository.claimDue(em, now, batch);
      for (const id of due) {
        const a = await this.repository.load(em, id);
        a.tick(now);
        await this.repository.save(em, a, false);
        await this.outbox.appendAll(em, [
          ...agreementEnvelopes(a),
          ...(await this.obligations.afterTransitions(em, a, now)),
        ]);
      }
      return due.length;
    });
  }
}
