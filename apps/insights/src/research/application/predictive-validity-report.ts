import { Injectable } from '@nestjs/common';
import {
  predictiveValidity,
  type ForecastObservation,
  type PredictiveValidity,
} from '@dx/research-methods';
import { PseudonymKey } from '../persistence/pseudonym-key';
import { ForecastsQuery, SETTLE_DAYS } from '../queries/forecasts.query';

export interface PredictiveValidityReport extends PredictiveValidity {
  pseudonymised: boolean;
  generatedAt: string;
  settleDays: number;
  /** Every forecast with the model version that made it (providers pseudonymised). */
  observations: ForecastObservation[];
}

/** Does the trust score predict next month's punctuality? (docs/research.md §7) */
@Injectable()
export class GetPredictiveValidity {
  constructor(
    private readonly forecasts: ForecastsQuery,
    private readonly key: PseudonymKey,
  ) {}

  async execute(q: {
    now: Date;
    names: boolean;
    from?: Date;
    to?: Date;
  }): Promise<PredictiveValidityReport> {
    const pseudo = q.names ? null : await this.key.pseudonymiser();
    const observations = (await this.forecasts.execute({ now: q.now, from: q.from, to: q.to })).map(
      (o) => (pseudo ? { ...o, provider: pseudo('p', o.provider) } : o),
    );
    return {
      pseudonymised: !q.names,
      generatedAt: q.now.toISOString(),
      settleDays: SETTLE_DAYS,
      ...predictiveValidity(observations),
      observations,
    };
  }
}
