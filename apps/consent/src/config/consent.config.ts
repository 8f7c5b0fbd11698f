import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** consent settings (table in apps/consent/README.md). */
export class ConsentConfig extends BaseServiceConfig {
  override PORT: number = 3002;
}

export const loadConsentConfig = (): ConsentConfig => loadConfig(ConsentConfig);
