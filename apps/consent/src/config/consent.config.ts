import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** consent settings (table in apps/consent/README.md). */
export class ConsentConfig extends BaseServiceConfig {
  override PORT: number = 3002;
  /** How often the scheduler looks for due time transitions and obligations. */
  @Type(() => Number) @IsInt() @Min(50) @Max(60_000) SCHEDULER_INTERVAL_MS: number = 1000;
  /** Agreements claimed per scheduler transaction. */
  @Type(() => Number) @IsInt() @Min(1) @Max(5000) SCHEDULER_BATCH: number = 200;
}

export const loadConsentConfig = (): ConsentConfig => loadConfig(ConsentConfig);
