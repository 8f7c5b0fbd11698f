import { IsOptional, IsString, IsUrl, MinLength } from 'class-validator';
import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

const url = { require_tld: false, require_protocol: true };

/** dsp settings (table in apps/dsp/README.md). */
export class DspConfig extends BaseServiceConfig {
  override PORT: number = 3006;
  /** Where connectors reach this gateway (the ingress address in a deployment). */
  @IsUrl(url) PUBLIC_URL: string = 'http://127.0.0.1:3006';
  /** The services the gateway asks, with the connector's own token (internal addresses). */
  @IsUrl(url) CATALOG_URL: string = 'http://127.0.0.1:3001';
  @IsUrl(url) CONSENT_URL: string = 'http://127.0.0.1:3002';
  @IsUrl(url) INTEGRATION_URL: string = 'http://127.0.0.1:3003';
  /** The catalog's public address (dataset IRIs in the catalogue are its own); default CATALOG_URL. */
  @IsOptional() @IsUrl(url) CATALOG_PUBLIC_URL?: string;
  /**
   * The gateway's own OAuth client: its id is the platform's DSP participant id (the catalogue's
   * `participantId`, every offer's `assigner`); its tokens for peers are issued for the peer's
   * address and carry no platform roles (docs/dataspace.md §4).
   */
  @IsString() @MinLength(1) DSP_CLIENT_ID: string = 'dx-dsp';
  @IsOptional() @IsString() DSP_CLIENT_SECRET?: string;
  @IsOptional() @IsString() DSP_CLIENT_SECRET_FILE?: string;
}

export function loadDspConfig(): DspConfig {
  return loadConfig(DspConfig);
}

/** The platform's ODRL profile namespace, served by the gateway (docs/dataspace.md §3). */
export const odrlProfileOf = (config: DspConfig): string =>
  `${config.PUBLIC_URL.replace(/\/$/, '')}/dsp/odrl-profile/v1#`;

/** The DSP 2025-1 base address connectors are given. */
export const protocolAddressOf = (config: DspConfig): string =>
  `${config.PUBLIC_URL.replace(/\/$/, '')}/dsp/2025-1`;

/** Where dataset IRIs live: the catalog's public API (`…/v1`), so they resolve to the dataset. */
export const datasetBaseOf = (config: DspConfig): string =>
  `${(config.CATALOG_PUBLIC_URL ?? config.CATALOG_URL).replace(/\/$/, '')}/v1`;
