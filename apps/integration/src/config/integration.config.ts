import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** integration settings (table in apps/integration/README.md). */
export class IntegrationConfig extends BaseServiceConfig {
  override PORT: number = 3003;
}

export const loadIntegrationConfig = (): IntegrationConfig => loadConfig(IntegrationConfig);
