import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** trust settings (table in apps/trust/README.md). */
export class TrustConfig extends BaseServiceConfig {
  override PORT: number = 3004;
  /** How often time-driven evidence (integrity credit for clean months) is given. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  TRUST_SCHEDULER_INTERVAL_MS: number = 60 * 60 * 1000;
  /**
   * How often every state and stored score is recomputed from the ledger and compared (drift
   * check; the result is logged and exported as metrics). Default: daily.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(7 * 86_400_000)
  TRUST_VERIFY_INTERVAL_MS: number = 24 * 60 * 60 * 1000;
  /**
   * A participant is rescored once no new evidence has arrived for this long (a quiet period), so
   * a burst or a stream of events costs one rescoring, not one per poll.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  TRUST_RESCORE_DELAY_MS: number = 250;
  /**
   * …but never later than this after its first evidence since the last rescoring: under a steady
   * stream, scores lag evidence by at most about this much.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  TRUST_RESCORE_MAX_DELAY_MS: number = 5_000;
}

export const loadTrustConfig = (): TrustConfig => loadConfig(TrustConfig);
