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

@Module({
  imports: [PlatformModule.forRoot({ service: 'dsp', config: loadDspConfig() })],
  controllers: [VersionHttpController, CatalogueDspController],
  providers: [
    // The owning services' REST APIs, called with the connector's token.
    { provide: PlatformApi, useClass: HttpPlatformApi },
    BuildCatalogueHandler,
    DspErrorFilter,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(connectorAuthorization).forRoutes('dsp/*path');
  }
}
