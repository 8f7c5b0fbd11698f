import { Type } from 'class-transformer';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** integration settings (table in apps/integration/README.md). */
export class IntegrationConfig extends BaseServiceConfig {
  override PORT: number = 3003;
  /** Largest delivery body in bytes (streamed, never held in memory); more answers 413. */
  @Type(() => Number) @IsInt() @Min(1024) DELIVERY_MAX_BYTES: number = 4 * 1024 * 1024 * 1024;
  /** Most records per delivery; more answers 413. */
  @Type(() => Number) @IsInt() @Min(1) DELIVERY_MAX_RECORDS: number = 5_000_000;
  /** A delivery whose share of valid records is below this is rejected whole. */
  @Type(() => Number) @IsNumber() @Min(0) @Max(1) DELIVERY_MIN_VALIDITY: number = 0.5;
  /** Records per staging batch (one UNNEST insert each). */
  @Type(() => Number) @IsInt() @Min(100) @Max(50_000) DELIVERY_BATCH: number = 5000;
}

export const loadIntegrationConfig = (): IntegrationConfig => loadConfig(IntegrationConfig);
