import type { TrustScoreUpdatedV1 } from '@dx/contracts';

/** The catalog's replica of `trust.score.v1`: what discovery shows beside each provider. */
export abstract class TrustReplica<Tx> {
  /** Keeps the newest computation per participant and role (a replay never moves it back). */
  abstract keep(tx: Tx, score: TrustScoreUpdatedV1): Promise<void>;
}
