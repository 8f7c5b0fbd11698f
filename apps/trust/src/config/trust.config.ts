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
}

export const loadTrustConfig = (): TrustConfig => loadConfig(TrustConfig);
