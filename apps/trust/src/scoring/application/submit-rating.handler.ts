import { Injectable, Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { DAY_MS, credibility, eigenTrust, ratingEvidence } from '@dx/trust-model';
import { EvidenceLedger } from '../domain/evidence-ledger';
import { RatingStore } from '../domain/rating-store';
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
    private readonly ledger: EvidenceLedger<EntityManager>,
    private readonly ratings: RatingStore<EntityManager>,
  ) {}

  execute(
    input: { deliveryId: string; score: number; comment?: string },
    caller: Principal,
  ): Promise<RatingView> {
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const delivery = await this.ledger.fulfilledDelivery(em, input.deliveryId);
      const windowDays = MODEL.ratingWindowDays;
      if (
        !delivery ||
        delivery.consumerId !== caller.subject ||
        now.getTime() - delivery.occurredAt.getTime() > windowDays * DAY_MS
      )
        throw new AppError(
          'forbidden',
          'RATING.NO_PROOF_OF_TRANSACTION',
          `only the consumer of a delivery fulfilled in the last ${windowDays} days may rate it`,
        );
      const edges = await this.ratings.edges(em, new Date(now.getTime() - 365 * DAY_MS));
      const pre = await this.ratings.preTrusted(em);
      const t = eigenTrust(edges, pre, MODEL.eigenTrust);
      // A pre-trusted rater is fully credible; others in proportion to the trust that reaches them.
      const c = pre.includes(caller.subject) ? 1 : credibility(t, caller.subject);
      const ratingId = randomUUID();
      const added = await this.ratings.add(em, {
        ratingId,
        deliveryId: input.deliveryId,
        raterId: caller.subject,
        providerId: delivery.providerId,
        agreementId: delivery.agreementId,
        score: input.score,
        comment: input.comment ?? null,
        credibility: c,
        createdAt: now,
      });
      if (!added)
        throw new AppError(
          'conflict',
          'RATING.DUPLICATE',
          'this delivery has already been rated by you',
        );
      const e = ratingEvidence({
        ratingId,
        providerId: delivery.providerId,
        raterId: caller.subject,
        agreementId: delivery.agreementId,
        deliveryId: input.deliveryId,
        score: input.score,
        credibility: c,
        at: now,
      });
      if (e) {
        await this.scorer.addToState(em, await this.ledger.append(em, [e]));
        await this.scorer.rescore(em, delivery.providerId, 'provider', now, ratingId);
      }
      return {
        ratingId,
        deliveryId: input.deliveryId,
        providerId: delivery.providerId,
        agreementId: delivery.agreementId,
        score: input.score,
        credibility: c,
        counted: c > 0,
        createdAt: now.toISOString(),
      };
    });
  }
}
