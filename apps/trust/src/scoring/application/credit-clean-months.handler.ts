import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { cleanMonthEvidence } from '@dx/trust-model';
import { EvidenceLedger } from '../domain/evidence-ledger';
import { TrustScorer } from './trust-scorer';
import { CLOCK, type Clock } from '@dx/service-kit';

/** Months looked back over: older credit would have decayed to little, and the ledger keeps it. */
const LOOKBACK_MONTHS = 24;

/**
 * Integrity credit (docs/trust-model.md §3.4/7): for every completed calendar month, each party of an
 * agreement in force at some time in that month, with no confirmed integrity violation dated in
 * it, gets +1 (w = 1) in that role. Keyed by participant, role and month, so passes are idempotent;
 * each credited participant is rescored. Returns how many credits were added.
 */
@Injectable()
export class CreditCleanMonthsHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly scorer: TrustScorer,
    private readonly ledger: EvidenceLedger<EntityManager>,
  ) {}

  async execute(now = this.clock.now()): Promise<number> {
    const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    let added = 0;
    for (let k = LOOKBACK_MONTHS; k >= 1; k--) {
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
      const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k + 1, 1));
      if (end.getTime() > thisMonth) break;
      added += await this.dataSource.transaction(async (em) => {
        const due = await this.ledger.cleanInMonth(em, start, end);
        const month = start.toISOString().slice(0, 7);
        const fresh = await this.ledger.append(
          em,
          due.map((d) => cleanMonthEvidence({ ...d, month, monthEnd: end })),
        );
        await this.scorer.addToState(em, fresh);
        for (const e of fresh)
          await this.scorer.rescore(em, e.participantId, e.role, now, e.eventId);
        return fresh.length;
      });
    }
    return added;
  }
}
