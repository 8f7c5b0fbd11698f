import { Module } from '@nestjs/common';
import { PlatformModule, TOKEN_VERIFIER, JwtTokenVerifier } from '@dx/service-kit';
import { loadCatalogConfig, type CatalogConfig } from './config/catalog.config';
import { catalogEntities } from './database/data-source';
import { OAuthHttpController } from './identity/api/oauth.http.controller';
import { IssueTokenHandler } from './identity/application/issue-token.handler';
import { SigningKeys } from './identity/application/signing-keys';
import { ParticipantsHttpController } from './participants/api/participants.http.controller';
import { GetParticipantHandler } from './participants/application/get-participant.handler';
import { RegisterParticipantHandler } from './participants/application/register-participant.handler';

const config: CatalogConfig = loadCatalogConfig();

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'catalog',
      config,
      entities: catalogEntities,
      // The issuer verifies its own tokens from its key store (no HTTP call to itself).
      authProviders: [SigningKeys],
      tokenVerifier: {
        provide: TOKEN_VERIFIER,
        useFactory: (keys: SigningKeys) =>
          new JwtTokenVerifier(keys.keyResolver(), config.JWT_ISSUER, config.JWT_AUDIENCE),
        inject: [SigningKeys],
      },
    }),
  ],
  controllers: [OAuthHttpController, ParticipantsHttpController],
  providers: [IssueTokenHandler, RegisterParticipantHandler, GetParticipantHandler],
})
export class AppModule {}
