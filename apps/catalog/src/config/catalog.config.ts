import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** catalog settings (table in apps/catalog/README.md). */
export class CatalogConfig extends BaseServiceConfig {
  override PORT: number = 3001;
  /** Client id of the operator's bootstrap credential. */
  @IsString() @MinLength(3) OPERATOR_CLIENT_ID: string = 'platform-operator';
  /** Secret of the operator's bootstrap credential; no default: it must be configured. */
  @IsString() @MinLength(16) OPERATOR_CLIENT_SECRET!: string;
  /** Access token lifetime. Short, because tokens cannot be revoked. */
  @Type(() => Number) @IsInt() @Min(60) @Max(3600) TOKEN_TTL_SECONDS: number = 900;
}

export const loadCatalogConfig = (): CatalogConfig => loadConfig(CatalogConfig);
