import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import { cleanMonthEvidence } from '../domain/evidence-rules';
import { appendEvidence } from './evidence-store';
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
  ) {}

  async execute(now = this.clock.now()): Promise<number> {
    const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    let added = 0;
    for (let k = LOOKBACK_MONTHS; k >= 1; k--) {
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
      const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k + 1, 1));
      if (end.getTime() > thisMonth) break;
      added += await this.dataSource.transaction(async (em) => {
        const due = await em.query<Array<{ participant_id: string; role: TrustRole }>>(
          `WITH in_force AS (
             SELECT a.agreement_id, a.provider_id, a.consumer_id FROM trust.agreement_parties a
             WHERE a.activated_at IS NOT NULL AND a.activated_at < $2
               AND NOT EXISTS (SELECT 1 FROM trust.agreement_transitions t WHERE t.agreement_id = a.agreement_id
                               AND t.type IN ('consent.agreement.terminated', 'consent.agreement.expired')
                               AND t.occurred_at < $1)),
           parties AS (
             SELECT provider_id AS participant_id, 'provider' AS role FROM in_force
             UNION SELECT consumer_id, 'consumer' FROM in_force)
           SELECT p.participant_id, p.role FROM parties p
           WHERE NOT EXISTS (SELECT 1 FROM trust.evidence e WHERE e.participant_id = p.participant_id AND e.role = p.role
                             AND e.dimension = 'integrity' AND e.v < 0 AND e.occurred_at >= $1 AND e.occurred_at < $2)
           ORDER BY 1, 2`,
          [start, end],
        );
        const month = start.toISOString().slice(0, 7);
        const fresh = await appendEvidence(
          em,
          due.map((d) =>
            cleanMonthEvidence({
              participantId: d.participant_id,
              role: d.role,
              month,
              monthEnd: end,
            }),
          ),
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
