import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { loadInsightsConfig } from './config/insights.config';
import { insightsEntities } from './database/data-source';
import { InsightsHttpController } from './overview/api/insights.http.controller';
import { OverviewQuery } from './overview/application/overview.query';
import { RelationshipsHttpController } from './relationships/api/relationships.http.controller';
import { RelationshipsQuery } from './relationships/application/relationships.query';
import { WebHttpController } from './web/api/web.http.controller';
import { StreamHttpController } from './stream/api/stream.http.controller';
import { UpdateFeed } from './stream/application/update-feed';
import { TimeSeriesHttpController } from './timeseries/api/timeseries.http.controller';
import { TimeSeriesQuery } from './timeseries/application/timeseries.query';
import { ProjectEventsHandler } from './read-models/application/project-events.handler';
import { ReadModelEventsConsumer } from './read-models/messaging/read-model-events.consumer';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'insights',
      config: loadInsightsConfig(),
      entities: insightsEntities,
      consumers: [ReadModelEventsConsumer],
    }),
  ],
  controllers: [
    InsightsHttpController,
    TimeSeriesHttpController,
    RelationshipsHttpController,
    StreamHttpController,
    WebHttpController,
  ],
  providers: [
    ProjectEventsHandler,
    ReadModelEventsConsumer,
    OverviewQuery,
    TimeSeriesQuery,
    UpdateFeed,
    RelationshipsQuery,
  ],
})
export class AppModule {}
