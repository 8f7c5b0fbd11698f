import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { loadInsightsConfig } from './config/insights.config';
import { InsightsHttpController } from './overview/api/insights.http.controller';
import { OverviewQuery } from './overview/queries/overview.query';
import { ParticipantDetailHttpController } from './participants/api/participant-detail.http.controller';
import { ParticipantDetailQuery } from './participants/queries/participant-detail.query';
import { RelationshipsHttpController } from './relationships/api/relationships.http.controller';
import { RelationshipsQuery } from './relationships/queries/relationships.query';
import { WebHttpController } from './web/api/web.http.controller';
import { StreamHttpController } from './stream/api/stream.http.controller';
import { UpdateFeed } from './stream/persistence/update-feed';
import { RegulationImpactHttpController } from './research/api/regulation-impact.http.controller';
import { RegulationImpactQuery } from './research/queries/regulation-impact.query';
import { ResearchHttpController } from './research/api/research.http.controller';
import { EstimateKmv } from './research/application/estimate-kmv';
import { GetResearchPanel } from './research/application/panel-report';
import { PseudonymKey } from './research/persistence/pseudonym-key';
import { PanelQuery } from './research/queries/panel.query';
import { InterviewsQuery } from './research/queries/interviews.query';
import { OutcomesQuery } from './research/queries/outcomes.query';
import { GetInterviews } from './research/application/interviews-report';
import { GetOutcomes } from './research/application/outcomes-report';
import { ForecastsQuery } from './research/queries/forecasts.query';
import { GetPredictiveValidity } from './research/application/predictive-validity-report';
import { TimeSeriesHttpController } from './timeseries/api/timeseries.http.controller';
import { TimeSeriesQuery } from './timeseries/queries/timeseries.query';
import { ProjectEventsHandler } from './read-models/application/project-events.handler';
import { ReadModelStore } from './read-models/domain/read-model-store';
import { PgReadModelStore } from './read-models/persistence/read-model-store.pg';
import { ReadModelEventsConsumer } from './read-models/messaging/read-model-events.consumer';

/**
 * The insights service: read models for dashboards and the study, projected from every other
 * service's events (it owns no business facts and publishes nothing), served as an overview, time
 * series, relationships and a live update stream, and a web dashboard on top. Because it is a
 * projection, it can be rebuilt from the topics at any time (`npm run insights:rebuild`).
 */
@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'insights',
      config: loadInsightsConfig(),
      consumers: [ReadModelEventsConsumer],
    }),
  ],
  controllers: [
    InsightsHttpController,
    TimeSeriesHttpController,
    RelationshipsHttpController,
    ParticipantDetailHttpController,
    RegulationImpactHttpController,
    ResearchHttpController,
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
    ParticipantDetailQuery,
    RegulationImpactQuery,
    PanelQuery,
    PseudonymKey,
    GetResearchPanel,
    EstimateKmv,
    InterviewsQuery,
    OutcomesQuery,
    GetInterviews,
    GetOutcomes,
    ForecastsQuery,
    GetPredictiveValidity,
    // The write side's one port, bound to its PostgreSQL adapter; reads are plain queries.
    { provide: ReadModelStore, useClass: PgReadModelStore },
  ],
})
export class AppModule {}
