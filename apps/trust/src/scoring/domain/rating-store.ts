import type { RatingEdge } from '@dx/trust-model';

export interface NewRating {
  ratingId: string;
  deliveryId: string;
  raterId: string;
  providerId: string;
  agreementId: string;
  score: number;
  comment: string | null;
  credibility: number;
  createdAt: Date;
}

/** Ratings of deliveries, once per delivery and rater, and the trust graph EigenTrust runs on. */
export abstract class RatingStore<Tx> {
  /** False when this rater already rated this delivery. */
  abstract add(tx: Tx, rating: NewRating): Promise<boolean>;
  /** Ratings (rater → provider) and fulfilled deliveries since `since` (provider → consumer). */
  abstract edges(tx: Tx, since: Date): Promise<RatingEdge[]>;
  /** The pre-trusted raters (the municipality). */
  abstract preTrusted(tx: Tx): Promise<string[]>;
}
