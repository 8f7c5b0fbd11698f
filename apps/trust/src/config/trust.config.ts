import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** trust settings (table in apps/trust/README.md). */
export class TrustConfig extends BaseServiceConfig {
  override PORT: number = 3004;
}

export const loadTrustConfig = (): TrustConfig => loadConfig(TrustConfig);
