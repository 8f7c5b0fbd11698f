import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RatingEdge } from '@dx/trust-model';
import { RatingStore, type NewRating } from '../domain/rating-store';

/** `trust.ratings`, and the trust graph over ratings and fulfilled deliveries. */
@Injectable()
export class PgRatingStore extends RatingStore<EntityManager> {
  async add(em: EntityManager, r: NewRating): Promise<boolean> {
    const inserted = await em.query<Array<{ rating_id: string }>>(
      `INSERT INTO trust.ratings (rating_id, delivery_id, rater_id, provider_id, agreement_id, score, comment, credibility, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (delivery_id, rater_id) DO NOTHING RETURNING rating_id`,
      [
        r.ratingId,
        r.deliveryId,
        r.raterId,
        r.providerId,
        r.agreementId,
        r.score,
        r.comment,
        r.credibility,
        r.createdAt,
      ],
    );
    return inserted.length > 0;
  }

  edges(em: EntityManager, since: Date): Promise<RatingEdge[]> {
    return em.query<RatingEdge[]>(
      `SELECT rater_id::text AS rater, provider_id::text AS ratee,
              count(*) FILTER (WHERE score > 3)::int AS satisfied, count(*) FILTER (WHERE score < 3)::int AS unsatisfied
       FROM trust.ratings GROUP BY rater_id, provider_id
       UNION ALL
       SELECT participant_id::text, counterparty_id::text, count(*)::int, 0
       FROM trust.evidence
       WHERE event_type = 'consent.obligation.delivery-fulfilled' AND counterparty_id IS NOT NULL AND occurred_at > $1
       GROUP BY participant_id, counterparty_id`,
      [since],
    );
  }

  async preTrusted(em: EntityManager): Promise<string[]> {
    const rows = await em.query<Array<{ participant_id: string }>>(
      `SELECT participant_id FROM trust.participants WHERE kind = 'municipality'`,
    );
    return rows.map((p) => p.participant_id);
  }
}
