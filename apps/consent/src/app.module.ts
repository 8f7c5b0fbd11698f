import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { loadConsentConfig } from './config/consent.config';
import { consentEntities } from './database/data-source';

/** The service's platform wiring; its domain modules arrive with their issues. */
@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'consent',
      config: loadConsentConfig(),
      entities: consentEntities,
    }),
  ],
})
export class AppModule {}
