import { BaseServiceConfig, loadConfig } from '@dx/service-kit';

/** insights settings (table in apps/insights/README.md). */
export class InsightsConfig extends BaseServiceConfig {
  override PORT: number = 3005;
}

export const loadInsightsConfig = (): InsightsConfig => loadConfig(InsightsConfig);
