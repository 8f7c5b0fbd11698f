import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** catalog settings (table in apps/catalog/README.md). */
export class CatalogConfig extends BaseServiceConfig {
  override PORT: number = 3001;
  /** Client id of the operator's bootstrap credential. */
  @IsString() @MinLength(3) OPERATOR_CLIENT_ID: string = 'platform-operator';
  /** Secret of the operator's bootstrap credential; no default: it must be configured. */
  @IsString() @MinLength(16) OPERATOR_CLIENT_SECRET!: string;
  /**
   * The DSP gateway's client (docs/dataspace.md §4), from configuration like the operator's: its id
   * is the platform's data-space participant id. It holds no platform role; its tokens are for
   * data-space peers (with `resource`). Without a secret the client does not exist.
   */
  @IsString() @MinLength(3) DSP_GATEWAY_CLIENT_ID: string = 'dx-dsp';
  @IsOptional() @IsString() @MinLength(16) DSP_GATEWAY_CLIENT_SECRET?: string;
  /** Access token lifetime. Short, because tokens cannot be revoked. */
  @Type(() => Number) @IsInt() @Min(60) @Max(3600) TOKEN_TTL_SECONDS: number = 900;
  /** Token requests per client id per minute (slows down secret guessing). */
  @Type(() => Number) @IsInt() @Min(1) TOKEN_RATE_LIMIT_PER_CLIENT: number = 30;
  /** Token requests per source address per minute. */
  @Type(() => Number) @IsInt() @Min(1) TOKEN_RATE_LIMIT_PER_ADDRESS: number = 120;
  /** The active signing key is replaced after this many days (old keys stay until their tokens expire). */
  @Type(() => Number) @IsInt() @Min(1) @Max(365) SIGNING_KEY_ROTATION_DAYS: number = 30;
  /** Notice a breaking schema version needs before it takes effect, in days. */
  @Type(() => Number) @IsInt() @Min(0) @Max(365) SCHEMA_NOTICE_DAYS: number = 14;
  /**
   * How old a search's total and facet counts may be (ms); they are counted again after that, or at
   * once when this replica changes a dataset. 0 counts on every request.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(60_000) SEARCH_COUNTS_MAX_AGE_MS: number = 5000;
  /** Public base URL of the catalog; DCAT-AP identifiers and links are built from it. */
  @IsUrl({ require_tld: false, require_protocol: true }) PUBLIC_BASE_URL: string =
    'http://127.0.0.1:3001';
}

export const loadCatalogConfig = (): CatalogConfig => loadConfig(CatalogConfig);
