import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, type TierReasonV1, type TrustRole, type TrustTier } from '@dx/contracts';

/** A participant's trust in one role as its latest `trust.score.updated` says it. */
export interface RoleTrust {
  score: number;
  lowerBound: number;
  uncertainty: number;
  tier: TrustTier;
  baseRate: number;
  /** Decayed evidence behind the score (r + s over every dimension). */
  evidenceTotal: number;
  /** Why the tier; empty for scores published before trust gave reasons. */
  tierReasons: TierReasonV1[];
  modelVersion: string;
  computedAt: string;
}

/** What the dashboard's participant view shows: trust and why, and the record behind it. */
export interface ParticipantDetail {
  participantId: string;
  name: string | null;
  kind: string | null;
  trust: { provider: RoleTrust | null; consumer: RoleTrust | null };
  /** Disputes about this participant: opened against it, and upheld against it by an operator. */
  disputes: { openedAgainst: number; upheldAgainst: number; pendingAgainst: number };
  /** Its deliveries as a provider, as consent judged them against the schedules. */
  deliveries: { onTime: number; late: number; missed: number };
}

/**
 * One participant, from insights' own copies of the platform's events (the facts and the
 * participants read model): the latest score per role with its reasons, disputes about it, its
 * punctuality as a provider. One statement: every figure from the same snapshot.
 */
@Injectable()
export class ParticipantDetailQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(participantId: string): Promise<ParticipantDetail> {
    const [row] = await this.dataSource.query<
      Array<{
        name: string | null;
        kind: string | null;
        known: boolean;
        scores: Array<{ role: TrustRole; data: Record<string, unknown> }> | null;
        opened: number;
        upheld: number;
        resolved_against: number;
        on_time: number;
        late: number;
        missed: number;
      }>
    >(
      `SELECT p.name, p.kind,
              (p.participant_id IS NOT NULL OR s.scores IS NOT NULL) AS known,
              s.scores,
              (SELECT count(*)::int FROM insights.facts f WHERE f.type = 'consent.governance.dispute-opened' AND f.data->>'against' = $1::text) AS opened,
              (SELECT count(*)::int FROM insights.facts f WHERE f.type = 'consent.governance.dispute-resolved'
                 AND f.data->>'outcome' = 'upheld' AND f.data->>'upheldAgainst' = $1::text) AS upheld,
              (SELECT count(*)::int FROM insights.facts f WHERE f.type = 'consent.governance.dispute-resolved' AND f.data->>'against' = $1::text) AS resolved_against,
              (SELECT count(*)::int FROM insights.facts f WHERE f.type = 'consent.obligation.delivery-fulfilled'
                 AND f.data->>'providerId' = $1::text AND (f.data->>'onTime')::boolean) AS on_time,
              (SELECT count(*)::int FROM insights.facts f WHERE f.type = 'consent.obligation.delivery-fulfilled'
                 AND f.data->>'providerId' = $1::text AND NOT coalesce((f.data->>'onTime')::boolean, false)) AS late,
              (SELECT count(*)::int FROM insights.facts f WHERE f.type = 'consent.obligation.delivery-missed'
                 AND f.data->>'providerId' = $1::text) AS missed
       FROM (SELECT $1::uuid AS id) q
       LEFT JOIN insights.participants p ON p.participant_id = q.id
       LEFT JOIN LATERAL (
         SELECT jsonb_agg(jsonb_build_object('role', x.role, 'data', x.data)) AS scores FROM (
           SELECT DISTINCT ON (f.data->>'role') f.data->>'role' AS role, f.data
           FROM insights.facts f
           WHERE f.type = 'trust.score.updated' AND f.participant_id = q.id AND f.data->>'scope' = 'global'
           ORDER BY f.data->>'role', f.occurred_at DESC) x) s ON true`,
      [participantId],
    );
    if (!row.known)
      throw new AppError(
        'not_found',
        'PARTICIPANT.NOT_FOUND',
        `participant ${participantId} is not known here`,
      );
    const role = (r: TrustRole): RoleTrust | null => {
      const d = row.scores?.find((x) => x.role === r)?.data;
      if (!d) return null;
      return {
        score: d.score as number,
        lowerBound: d.lowerBound as number,
        uncertainty: d.uncertainty as number,
        tier: d.tier as TrustTier,
        baseRate: d.baseRate as number,
        evidenceTotal: d.evidenceTotal as number,
        tierReasons: (d.tierReasons as TierReasonV1[] | undefined) ?? [],
        modelVersion: d.modelVersion as string,
        computedAt: d.computedAt as string,
      };
    };
    return {
      participantId,
      name: row.name,
      kind: row.kind,
      trust: { provider: role('provider'), consumer: role('consumer') },
      disputes: {
        openedAgainst: row.opened,
        upheldAgainst: row.upheld,
        pendingAgainst: Math.max(0, row.opened - row.resolved_against),
      },
      deliveries: { onTime: row.on_time, late: row.late, missed: row.missed },
    };
  }
}
