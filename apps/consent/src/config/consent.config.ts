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
  /**
   * How long a completed delivery may take to reach consent (integration's outbox, Kafka) before
   * an obligation is declared missed without it (ms). Obligations are declared missed only once
   * every delivery event published up to this long before now has been consumed, and no sooner
   * than this long after Kafka came back from an outage (docs/operations.md).
   */
  @Type(() => Number) @IsInt() @Min(0) DELIVERY_SETTLE_MS: number = 60_000;
}

export const loadConsentConfig = (): ConsentConfig => loadConfig(ConsentConfig);
