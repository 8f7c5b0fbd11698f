import type { EntityManager } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import type { Dimension } from '../domain/model-config';
import { totalsAt } from '../domain/score';
import { evidenceOfParticipant } from './evidence-store';
import { MODEL } from './trust-scorer';

export interface StateCheck {
  states: number;
  /** Largest |incremental − recomputed| over every r and s. */
  maxDifference: number;
  mismatches: Array<{
    participantId: string;
    role: TrustRole;
    dimension: Dimension;
    incremental: { r: number; s: number };
    recomputed: { r: number; s: number };
  }>;
  rebuilt: boolean;
}

/**
 * Reproducibility (TRUST-MODEL.md §b.15, issue 6.7): recomputes every incremental state row from
 * the evidence ledger at the row's own `as_of` and compares; with `rebuild`, the ledger's values
 * replace the state (after a rule or model change). Tolerance for a mismatch: 1e-9.
 */
export async function verifyState(
  em: EntityManager,
  opts: { rebuild?: boolean; tolerance?: number } = {},
): Promise<StateCheck> {
  const tolerance = opts.tolerance ?? 1e-9;
  const rows = await em.query<
    Array<{
      participant_id: string;
      role: TrustRole;
      dimension: Dimension;
      r: number;
      s: number;
      as_of: Date;
    }>
  >(
    `SELECT participant_id, role, dimension, r, s, as_of FROM trust.trust_state ORDER BY participant_id, role, dimension`,
  );
  const byParticipant = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = `${r.participant_id}:${r.role}`;
    byParticipant.set(k, [...(byParticipant.get(k) ?? []), r]);
  }
  let maxDifference = 0;
  const mismatches: StateCheck['mismatches'] = [];
  for (const group of byParticipant.values()) {
    const { participant_id: participantId, role } = group[0];
    const evidence = await evidenceOfParticipant(em, participantId, role);
    for (const row of group) {
      const full = totalsAt(
        evidence.filter((e) => e.dimension === row.dimension),
        role,
        new Date(row.as_of),
        MODEL,
      ).get(row.dimension) ?? { r: 0, s: 0 };
      const diff = Math.max(Math.abs(full.r - row.r), Math.abs(full.s - row.s));
      maxDifference = Math.max(maxDifference, diff);
      if (diff > tolerance)
        mismatches.push({
          participantId,
          role,
          dimension: row.dimension,
          incremental: { r: row.r, s: row.s },
          recomputed: full,
        });
      if (opts.rebuild && diff > 0)
        await em.query(
          `UPDATE trust.trust_state SET r = $4, s = $5, model_version = $6 WHERE participant_id = $1 AND role = $2 AND dimension = $3`,
          [participantId, role, row.dimension, full.r, full.s, MODEL.version],
        );
    }
  }
  return { states: rows.length, maxDifference, mismatches, rebuilt: Boolean(opts.rebuild) };
}
