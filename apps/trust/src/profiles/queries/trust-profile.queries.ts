import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import type { TrustProfile } from '../domain/prior-profile';

interface ProfileRow {
  participant_id: string;
  role: TrustRole;
  score: number;
  lower_bound: number;
  uncertainty: number;
  tier: TrustProfile['tier'];
  base_rate: number;
  evidence_total: number;
  model_version: string;
  computed_at: Date;
}

/** A stored profile as it stands (the prior, for a participant no evidence has reached). */
@Injectable()
export class TrustProfileQueries {
  constructor(private readonly dataSource: DataSource) {}

  async profile(participantId: string, role: TrustRole): Promise<TrustProfile | null> {
    const [p] = await this.dataSource.query<ProfileRow[]>(
      `SELECT * FROM trust.trust_profiles WHERE participant_id = $1 AND role = $2`,
      [participantId, role],
    );
    return p
      ? {
          participantId: p.participant_id,
          role: p.role,
          score: p.score,
          lowerBound: p.lower_bound,
          uncertainty: p.uncertainty,
          tier: p.tier,
          baseRate: p.base_rate,
          evidenceTotal: p.evidence_total,
          modelVersion: p.model_version,
          computedAt: new Date(p.computed_at),
        }
      : null;
  }
}
