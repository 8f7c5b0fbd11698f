import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { loadIntegrationConfig } from './config/integration.config';
import { integrationEntities } from './database/data-source';

/** The service's platform wiring; its domain modules arrive with their issues. */
@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'integration',
      config: loadIntegrationConfig(),
      entities: integrationEntities,
    }),
  ],
})
export class AppModule {}
