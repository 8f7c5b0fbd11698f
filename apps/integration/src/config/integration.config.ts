import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** integration settings (table in apps/integration/README.md). */
export class IntegrationConfig extends BaseServiceConfig {
  override PORT: number = 3003;
  /**
   * Where partners reach this service (the ingress address in a deployment): the records endpoint
   * of a data-space transfer is written with it.
   */
  @IsUrl({ require_tld: false, require_protocol: true }) PUBLIC_URL: string =
    'http://127.0.0.1:3003';
  /** Largest delivery body in bytes (streamed, never held in memory); more answers 413. */
  @Type(() => Number) @IsInt() @Min(1024) DELIVERY_MAX_BYTES: number = 4 * 1024 * 1024 * 1024;
  /** Most records per delivery; more answers 413. */
  @Type(() => Number) @IsInt() @Min(1) DELIVERY_MAX_RECORDS: number = 5_000_000;
  /** A delivery whose share of valid records is below this is rejected whole. */
  @Type(() => Number) @IsNumber() @Min(0) @Max(1) DELIVERY_MIN_VALIDITY: number = 0.5;
  /** How often each dataset's retention is enforced (the first pass one interval after boot). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  RETENTION_INTERVAL_MS: number = 60 * 60 * 1000;
  /**
   * Test-only fault point: the process kills itself (SIGKILL) when a delivery has staged this many
   * records, to prove a delivery interrupted half-way leaves nothing behind. Unset in any deployment;
   * refused when NODE_ENV is production.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FAULT_KILL_AT_RECORD?: number;
}

export function loadIntegrationConfig(): IntegrationConfig {
  const config = loadConfig(IntegrationConfig);
  if (config.FAULT_KILL_AT_RECORD !== undefined && process.env.NODE_ENV === 'production')
    throw new Error('FAULT_KILL_AT_RECORD is a test fault point and is refused in production');
  return config;
}
