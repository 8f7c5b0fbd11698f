import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { loadTrustConfig } from './config/trust.config';
import { trustEntities } from './database/data-source';
import { TrustHttpController } from './profiles/api/trust.http.controller';
import { CreatePriorProfilesHandler } from './profiles/application/create-prior-profiles.handler';
import { ParticipantEventsConsumer } from './profiles/messaging/participant-events.consumer';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'trust',
      config: loadTrustConfig(),
      entities: trustEntities,
      consumers: [ParticipantEventsConsumer],
    }),
  ],
  controllers: [TrustHttpController],
  providers: [CreatePriorProfilesHandler, ParticipantEventsConsumer],
})
export class AppModule {}
