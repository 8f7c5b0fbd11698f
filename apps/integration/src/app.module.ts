import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { AccessHttpController } from './access/api/access.http.controller';
import { ListAccessLogHandler } from './access/application/list-access-log.handler';
import { ReadRecordsHandler } from './access/application/read-records.handler';
import { VerifyAccessLogHandler } from './access/application/verify-access-log.handler';
import {
  AgreementEventsConsumer,
  SubjectConsentEventsConsumer,
} from './consent-events/consent-events.consumer';
import { loadIntegrationConfig } from './config/integration.config';
import { ApplyDatasetEventHandler } from './datasets/application/apply-dataset-event.handler';
import { DatasetEventsConsumer } from './datasets/messaging/dataset-events.consumer';
import { DatasetSettingsHttpController } from './datasets/api/dataset-settings.http.controller';
import { PutDatasetSettingsHandler } from './datasets/application/put-dataset-settings.handler';
import { AccessLogWriter } from './access/application/access-log.writer';
import { ViewsHttpController } from './views/api/views.http.controller';
import { CreateViewHandler } from './views/application/create-view.handler';
import { ReadViewHandler } from './views/application/read-view.handler';
import { ViewRefresher } from './views/application/view-refresher';
import { EraseSubjectHandler } from './retention/application/erase-subject.handler';
import { PurgeExpiredRecordsHandler } from './retention/application/purge-expired-records.handler';
import { RetentionScheduler } from './retention/application/retention-scheduler';
import { InboundDeliveriesConsumer } from './deliveries/messaging/inbound-deliveries.consumer';
import { DeliveriesHttpController } from './deliveries/api/deliveries.http.controller';
import { GetDeliveryHandler } from './deliveries/application/get-delivery.handler';
import { IngestDeliveryHandler } from './deliveries/application/ingest-delivery.handler';
import { TransfersHttpController } from './transfers/api/transfers.http.controller';
import { ChangeTransferHandler } from './transfers/application/change-transfer.handler';
import { GetTransferHandler } from './transfers/application/get-transfer.handler';
import { OpenTransferHandler } from './transfers/application/open-transfer.handler';
import { ReadTransferRecordsHandler } from './transfers/application/read-transfer-records.handler';
import { TransferGrantStore } from './transfers/domain/transfer-grant-store';
import { PgTransferGrantStore } from './transfers/persistence/transfer-grant-store.pg';

/** Routes whose body the handler streams itself (the JSON body parser must not read them). */
export const STREAMED_BODY_ROUTES = [/^\/v1\/datasets\/[^/]+\/deliveries(\?|$)/];

import { AccessLogStore } from './access/domain/access-log-store';
import { PgAccessLogStore } from './access/persistence/access-log-store.pg';
import { AccessQueries } from './access/queries/access.queries';
import { DatasetReplica } from './datasets/domain/dataset-replica';
import { PgDatasetReplica } from './datasets/persistence/dataset-replica.pg';
import { ConsentReplica } from './access/domain/consent-replica';
import { PgConsentReplica } from './access/persistence/consent-replica.pg';
import { RecordStore } from './records/domain/record-store';
import { PgRecordStore } from './records/persistence/record-store.pg';
import { ViewStore } from './views/domain/view-store';
import { PgViewStore } from './views/persistence/view-store.pg';
import { ViewRowQueries } from './views/queries/view-rows.queries';
import { DeliveryStore } from './deliveries/domain/delivery-store';
import { PgDeliveryStore } from './deliveries/persistence/delivery-store.pg';
import { DeliveryQueries } from './deliveries/queries/delivery.queries';
import { SourceAccessCheck } from './access/application/source-access';
import { ViewAccessCheck } from './views/application/view-access';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'integration',
      config: loadIntegrationConfig(),
      consumers: [
        DatasetEventsConsumer,
        AgreementEventsConsumer,
        SubjectConsentEventsConsumer,
        InboundDeliveriesConsumer,
      ],
    }),
  ],
  controllers: [
    DeliveriesHttpController,
    AccessHttpController,
    DatasetSettingsHttpController,
    ViewsHttpController,
    TransfersHttpController,
  ],
  providers: [
    // Ports bound to their PostgreSQL adapters (docs/adr/2026-12-05-persistence.md).
    { provide: AccessLogStore, useClass: PgAccessLogStore },
    AccessQueries,
    { provide: DatasetReplica, useClass: PgDatasetReplica },
    { provide: ConsentReplica, useClass: PgConsentReplica },
    { provide: RecordStore, useClass: PgRecordStore },
    { provide: ViewStore, useClass: PgViewStore },
    { provide: TransferGrantStore, useClass: PgTransferGrantStore },
    OpenTransferHandler,
    ChangeTransferHandler,
    GetTransferHandler,
    ReadTransferRecordsHandler,
    ViewRowQueries,
    { provide: DeliveryStore, useClass: PgDeliveryStore },
    DeliveryQueries,
    SourceAccessCheck,
    ViewAccessCheck,
    ApplyDatasetEventHandler,
    DatasetEventsConsumer,
    IngestDeliveryHandler,
    GetDeliveryHandler,
    AgreementEventsConsumer,
    SubjectConsentEventsConsumer,
    InboundDeliveriesConsumer,
    ReadRecordsHandler,
    VerifyAccessLogHandler,
    ListAccessLogHandler,
    PutDatasetSettingsHandler,
    AccessLogWriter,
    ViewRefresher,
    CreateViewHandler,
    ReadViewHandler,
    EraseSubjectHandler,
    PurgeExpiredRecordsHandler,
    RetentionScheduler,
  ],
})
export class AppModule {}
