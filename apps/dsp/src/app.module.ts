import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { CatalogueDspController } from './catalogue/api/catalogue.dsp.controller';
import { BuildCatalogueHandler } from './catalogue/application/build-catalogue.handler';
import { loadDspConfig } from './config/dsp.config';
import { HttpPlatformApi } from './platform/adapters/platform-api.http';
import { PlatformApi } from './platform/application/platform-api';
import { connectorAuthorization } from './protocol/api/connector-authorization';
import { DspErrorFilter } from './protocol/api/dsp-error.filter';
import { VersionHttpController } from './protocol/api/version.http.controller';
import { OdrlProfileHttpController } from './protocol/api/odrl-profile.http.controller';
import { NegotiationsDspController } from './negotiations/api/negotiations.dsp.controller';
import { FollowAgreement } from './negotiations/application/follow-agreement';
import { NegotiationMessagesHandler } from './negotiations/application/negotiation-messages.handler';
import { RequestNegotiationHandler } from './negotiations/application/request-negotiation.handler';
import { NegotiationStore } from './negotiations/domain/negotiation-store';
import { AgreementEventsConsumer } from './negotiations/messaging/agreement-events.consumer';
import { PgNegotiationStore } from './negotiations/persistence/negotiation-store.pg';
import { OutboundQueue } from './outbound/application/outbound';
import { OutboundSender } from './outbound/application/outbound-sender';
import { PeerTokens } from './outbound/application/peer-tokens';
import { PgOutboundQueue } from './outbound/persistence/outbound-queue.pg';
import { TransfersDspController } from './transfers/api/transfers.dsp.controller';
import { FollowAgreementTransfers } from './transfers/application/follow-agreement-transfers';
import { TransferProcessHandler } from './transfers/application/transfer-process.handler';
import { TransferAgreementEventsConsumer } from './transfers/messaging/agreement-events.consumer';
import { TransferStore } from './transfers/domain/transfer-store';
import { PgTransferStore } from './transfers/persistence/transfer-store.pg';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'dsp',
      config: loadDspConfig(),
      consumers: [AgreementEventsConsumer, TransferAgreementEventsConsumer],
    }),
  ],
  controllers: [
    VersionHttpController,
    OdrlProfileHttpController,
    CatalogueDspController,
    NegotiationsDspController,
    TransfersDspController,
  ],
  providers: [
    // The owning services' REST APIs, called with the connector's token.
    { provide: PlatformApi, useClass: HttpPlatformApi },
    { provide: NegotiationStore, useClass: PgNegotiationStore },
    { provide: OutboundQueue, useClass: PgOutboundQueue },
    { provide: TransferStore, useClass: PgTransferStore },
    TransferProcessHandler,
    BuildCatalogueHandler,
    RequestNegotiationHandler,
    NegotiationMessagesHandler,
    FollowAgreement,
    AgreementEventsConsumer,
    FollowAgreementTransfers,
    TransferAgreementEventsConsumer,
    PeerTokens,
    OutboundSender,
    DspErrorFilter,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(connectorAuthorization).forRoutes('dsp/*path');
  }
}
