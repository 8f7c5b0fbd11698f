import { Injectable } from '@nestjs/common';
import { AppError, type TrustRole } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { ReadTrustHandler } from '../../scoring/application/read-trust.handler';
import type { Explanation } from '@dx/trust-model';
import { scoreView, type ScoreView } from '../domain/prior-profile';
import { TrustProfileQueries } from '../queries/trust-profile.queries';

/** A profile no evidence has reached: the prior's score, with nothing to explain. */
export type PriorView = ScoreView &
  Pick<
    Explanation,
    | 'dimensions'
    | 'capsApplied'
    | 'sharesCapped'
    | 'pending'
    | 'topNegative'
    | 'topPositive'
    | 'howToImprove'
  >;

/**
 * A participant's trust in one role (docs/trust-model.md §12): its explanation of the ledger as it
 * stands, the prior with nothing to explain when no evidence has reached it yet, or — with an
 * agreement — the dyadic score within that agreement.
 */
@Injectable()
export class GetTrustProfileHandler {
  constructor(
    private readonly read: ReadTrustHandler,
    private readonly profiles: TrustProfileQueries,
  ) {}

  async execute(
    participantId: string,
    role: TrustRole,
    agreementId: string | undefined,
    caller: Principal,
  ): Promise<Explanation | PriorView> {
    if (agreementId) return this.read.dyadic(participantId, role, agreementId, caller);
    const explained = await this.read.explanation(participantId, role);
    if (explained) return explained;
    const p = await this.profiles.profile(participantId, role);
    if (!p)
      throw new AppError(
        'not_found',
        'TRUST.PROFILE_NOT_FOUND',
        `no trust profile for participant ${participantId}`,
      );
    return {
      ...scoreView(p),
      dimensions: [],
      capsApplied: [],
      sharesCapped: [],
      pending: [],
      topNegative: [],
      topPositive: [],
      howToImprove: [],
    };
  }
}
