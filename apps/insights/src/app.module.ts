import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { loadInsightsConfig } from './config/insights.config';
import { insightsEntities } from './database/data-source';

/** The service's platform wiring; its domain modules arrive with their issues. */
@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'insights',
      config: loadInsightsConfig(),
      entities: insightsEntities,
    }),
  ],
})
export class AppModule {}
