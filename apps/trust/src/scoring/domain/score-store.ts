import type { TrustRole } from '@dx/contracts';
import {
  type PastScore,
  type ScoreSummary,
  type ModelConfig,
  type StateKey,
} from '@dx/trust-model';

/** One row of the incremental state: decayed evidence per dimension and counterparty. */
export interface StateRow {
  participantId: string;
  role: TrustRole;
  dimension: StateKey;
  counterparty: string;
  r: number;
  s: number;
  asOf: Date;
}

/** The part of the stored profile rescoring reads before it writes. */
export interface StoredProfile {
  baseRate: number;
  score: number;
  tier: string;
}

/**
 * The scored side of trust: the incremental state, the snapshots (one per scoring, with its
 * explanation) and the current profile per participant and role. `Tx` is the caller's transaction.
 */
export abstract class ScoreStore<Tx> {
  /** Records the model version snapshots refer to (once, outside any rescoring). */
  abstract registerModel(model: ModelConfig): Promise<void>;
  /**
   * Creates the missing state rows (empty, dated `asOf`) and returns all of them locked, in key
   * order — concurrent writers take them in the same order and cannot deadlock.
   */
  abstract lockState(tx: Tx, keys: StateRow[], modelVersion: string): Promise<StateRow[]>;
  abstract writeState(tx: Tx, rows: StateRow[], modelVersion: string): Promise<void>;
  abstract stateOf(tx: Tx, participantId: string, role: TrustRole): Promise<StateRow[]>;
  /** Locks the profile row (rescoring of one participant and role serialises on it). */
  abstract lockProfile(
    tx: Tx,
    participantId: string,
    role: TrustRole,
  ): Promise<StoredProfile | null>;
  /** Snapshots in [from, to), oldest first, as the alert rules read them. */
  abstract pastScores(
    tx: Tx,
    participantId: string,
    role: TrustRole,
    from: Date,
    to: Date,
  ): Promise<PastScore[]>;
  /** Stores a scoring: its snapshot (replacing one at the same time) and the current profile. */
  abstract saveScore(
    tx: Tx,
    role: TrustRole,
    summary: ScoreSummary,
    at: { asOf: Date; baseRate: number; modelVersion: string; causeEventId: string | null },
  ): Promise<void>;
}
