import { Injectable, Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { DAY_MS } from '../domain/decay';
import { credibility, eigenTrust, type RatingEdge } from '../domain/eigentrust';
import { ratingEvidence } from '../domain/evidence-rules';
import { appendEvidence } from './evidence-store';
import { MODEL, TrustScorer } from './trust-scorer';
import { CLOCK, type Clock } from '@dx/service-kit';

export interface RatingView {
  ratingId: string;
  deliveryId: string;
  providerId: string;
  agreementId: string;
  score: number;
  credibility: number;
  /** False when the rater has no credibility yet: the rating is kept but weighs nothing. */
  counted: boolean;
  createdAt: string;
}

/**
 * A consumer rates a delivery it received (docs/trust-model.md §3.6): only with proof of transaction
 * (that delivery fulfilled to it within the rating window), once per delivery. The rating becomes
 * fitness evidence for the provider, v = (x − 3)/2, weighted 0.5 × the rater's credibility at the
 * time — EigenTrust over the ratings and the platform-witnessed deliveries (a provider that keeps
 * delivering to a consumer vouches for it), anchored on the municipality — recorded with the
 * evidence so the score stays reproducible from the ledger.
 */
@Injectable()
export class SubmitRatingHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly scorer: TrustScorer,
  ) {}

  execute(
    input: { deliveryId: string; score: number; comment?: string },
    caller: Principal,
  ): Promise<RatingView> {
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const [delivery] = await em.query<
        Array<{ provider_id: string; consumer_id: string; agreement_id: string; occurred_at: Date }>
      >(
        `SELECT participant_id AS provider_id, counterparty_id AS consumer_id, agreement_id, occurred_at FROM trust.evidence
         WHERE event_type = 'consent.obligation.delivery-fulfilled' AND params->>'deliveryId' = $1 LIMIT 1`,
        [input.deliveryId],
      );
      const windowDays = MODEL.ratingWindowDays;
      if (
        !delivery ||
        delivery.consumer_id !== caller.subject ||
        now.getTime() - new Date(delivery.occurred_at).getTime() > windowDays * DAY_MS
      )
        throw new AppError(
          'forbidden',
          'RATING.NO_PROOF_OF_TRANSACTION',
          `only the consumer of a delivery fulfilled in the last ${windowDays} days may rate it`,
        );
      const edges = await this.ratingGraph(em, now);
      const pre = await em.query<Array<{ participant_id: string }>>(
        `SELECT participant_id FROM trust.participants WHERE kind = 'municipality'`,
      );
      const t = eigenTrust(
        edges,
        pre.map((p) => p.participant_id),
        MODEL.eigenTrust,
      );
      // A pre-trusted rater is fully credible; others in proportion to the trust that reaches them.
      const c = pre.some((p) => p.participant_id === caller.subject)
        ? 1
        : credibility(t, caller.subject);
      const ratingId = randomUUID();
      const inserted = await em.query<Array<{ rating_id: string }>>(
        `INSERT INTO trust.ratings (rating_id, delivery_id, rater_id, provider_id, agreement_id, score, comment, credibility, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (delivery_id, rater_id) DO NOTHING RETURNING rating_id`,
        [
          ratingId,
          input.deliveryId,
          caller.subject,
          delivery.provider_id,
          delivery.agreement_id,
          input.score,
          input.comment ?? null,
          c,
          now,
        ],
      );
      if (inserted.length === 0)
        throw new AppError(
          'conflict',
          'RATING.DUPLICATE',
          'this delivery has already been rated by you',
        );
      const e = ratingEvidence({
        ratingId,
        providerId: delivery.provider_id,
        raterId: caller.subject,
        agreementId: delivery.agreement_id,
        deliveryId: input.deliveryId,
        score: input.score,
        credibility: c,
        at: now,
      });
      if (e) {
        const added = await appendEvidence(em, [e]);
        await this.scorer.addToState(em, added);
        await this.scorer.rescore(em, delivery.provider_id, 'provider', now, ratingId);
      }
      return {
        ratingId,
        deliveryId: input.deliveryId,
        providerId: delivery.provider_id,
        agreementId: delivery.agreement_id,
        score: input.score,
        credibility: c,
        counted: c > 0,
        createdAt: now.toISOString(),
      };
    });
  }

  /** Ratings (rater → provider) and recent fulfilled deliveries (provider → consumer) as trust edges. */
  private async ratingGraph(em: EntityManager, now: Date): Promise<RatingEdge[]> {
    return em.query<RatingEdge[]>(
      `SELECT rater_id::text AS rater, provider_id::text AS ratee,
              count(*) FILTER (WHERE score > 3)::int AS satisfied, count(*) FILTER (WHERE score < 3)::int AS unsatisfied
       FROM trust.ratings GROUP BY rater_id, provider_id
       UNION ALL
       SELECT participant_id::text, counterparty_id::text, count(*)::int, 0
       FROM trust.evidence
       WHERE event_type = 'consent.obligation.delivery-fulfilled' AND counterparty_id IS NOT NULL AND occurred_at > $1
       GROUP BY participant_id, counterparty_id`,
      [new Date(now.getTime() - 365 * DAY_MS)],
    );
  }
}
