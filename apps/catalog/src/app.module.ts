import { Module } from '@nestjs/common';
import { PlatformModule, TOKEN_VERIFIER, JwtTokenVerifier } from '@dx/service-kit';
import { loadCatalogConfig, type CatalogConfig } from './config/catalog.config';
import { DatasetsHttpController } from './datasets/api/datasets.http.controller';
import { LicencesHttpController } from './datasets/api/licences.http.controller';
import { AddSchemaVersionHandler } from './datasets/application/add-schema-version.handler';
import { ChangeDatasetLifecycleHandler } from './datasets/application/change-dataset-lifecycle.handler';
import { CreateDatasetHandler } from './datasets/application/create-dataset.handler';
import { GetDatasetHandler } from './datasets/application/get-dataset.handler';
import { GetSchemaVersionHandler } from './datasets/application/get-schema-version.handler';
import { ListLicencesHandler } from './datasets/application/list-licences.handler';
import { ListSchemaVersionsHandler } from './datasets/application/list-schema-versions.handler';
import { SearchDatasetsHandler } from './datasets/queries/search-datasets.query';
import { SEARCH_COUNTS_MAX_AGE_MS, SearchCounts } from './shared/search-counts';
import { UpdateDatasetHandler } from './datasets/application/update-dataset.handler';
import { DcatHttpController } from './dcat/api/dcat.http.controller';
import { ExportDcatCatalogHandler } from './dcat/queries/export-dcat-catalog.query';
import { IdentityAdminHttpController } from './identity/api/identity-admin.http.controller';
import { OAuthHttpController } from './identity/api/oauth.http.controller';
import { IssueTokenHandler } from './identity/application/issue-token.handler';
import { PARTICIPANT_STANDING } from './identity/application/ports';
import { ParticipantStandingRepository } from './participants/persistence/participant-standing';
import { ClientStore } from './identity/domain/oauth-client';
import { SigningKeyStore } from './identity/domain/signing-key';
import { PgClientStore } from './identity/persistence/client-store.pg';
import { PgSigningKeyStore } from './identity/persistence/signing-key-store.pg';
import { ParticipantStore } from './participants/domain/participant';
import { PgParticipantStore } from './participants/persistence/participant-store.pg';
import { ParticipantQueries } from './participants/queries/participant.queries';
import { StandardStore } from './standards/domain/standard-store';
import { PgStandardStore } from './standards/persistence/standard-store.pg';
import { StandardQueries } from './standards/queries/standard.queries';
import { DatasetStore } from './datasets/domain/dataset';
import { PgDatasetStore } from './datasets/persistence/dataset-store.pg';
import { TrustReplica } from './trust-replica/domain/trust-replica';
import { PgTrustReplica } from './trust-replica/persistence/trust-replica.pg';
import { RegisterPlatformClientHandler } from './identity/application/register-platform-client.handler';
import { RotateClientSecretHandler } from './identity/application/rotate-client-secret.handler';
import { RotateSigningKeyHandler } from './identity/application/rotate-signing-key.handler';
import { SigningKeys } from './identity/application/signing-keys';
import { TokenRateLimiter } from './identity/application/token-rate-limiter';
import { ParticipantsHttpController } from './participants/api/participants.http.controller';
import { GetParticipantHandler } from './participants/application/get-participant.handler';
import { ListParticipantsHandler } from './participants/application/list-participants.handler';
import { RegisterParticipantHandler } from './participants/application/register-participant.handler';
import { UpdateParticipantHandler } from './participants/application/update-participant.handler';
import { StandardsHttpController } from './standards/api/standards.http.controller';
import { AdoptStandardHandler } from './standards/application/adopt-standard.handler';
import { ListStandardsHandler } from './standards/application/list-standards.handler';
import { RevokeStandardHandler } from './standards/application/revoke-standard.handler';
import { ApplyTrustScoreHandler } from './trust-replica/application/apply-trust-score.handler';
import { TrustScoreConsumer } from './trust-replica/messaging/trust-score.consumer';

// Read and validated when the module is imported: a wrong setting stops the process with every
// offending variable named, before a connection is opened or a port bound.
const config: CatalogConfig = loadCatalogConfig();

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'catalog',
      config,
      // Catalog consumes one topic: trust scores, shown beside participants and their datasets.
      consumers: [TrustScoreConsumer],
      // The issuer verifies its own tokens from its key store (no HTTP call to itself).
      authProviders: [SigningKeys, { provide: SigningKeyStore, useClass: PgSigningKeyStore }],
      tokenVerifier: {
        provide: TOKEN_VERIFIER,
        useFactory: (keys: SigningKeys) =>
          new JwtTokenVerifier(keys.keyResolver(), config.JWT_ISSUER, config.JWT_AUDIENCE),
        inject: [SigningKeys],
      },
    }),
  ],
  controllers: [
    OAuthHttpController,
    IdentityAdminHttpController,
    ParticipantsHttpController,
    StandardsHttpController,
    DatasetsHttpController,
    LicencesHttpController,
    DcatHttpController,
  ],
  providers: [
    IssueTokenHandler,
    // Identity asks whether a participant may obtain tokens through a port it declares itself;
    // bound here so identity imports nothing of the participants module.
    { provide: PARTICIPANT_STANDING, useClass: ParticipantStandingRepository },
    // Ports bound to their PostgreSQL adapters (docs/adr/2026-12-05-persistence.md).
    { provide: ClientStore, useClass: PgClientStore },
    { provide: ParticipantStore, useClass: PgParticipantStore },
    ParticipantQueries,
    { provide: StandardStore, useClass: PgStandardStore },
    StandardQueries,
    { provide: DatasetStore, useClass: PgDatasetStore },
    { provide: TrustReplica, useClass: PgTrustReplica },
    TokenRateLimiter,
    RegisterPlatformClientHandler,
    RotateClientSecretHandler,
    RotateSigningKeyHandler,
    RegisterParticipantHandler,
    GetParticipantHandler,
    ListParticipantsHandler,
    UpdateParticipantHandler,
    ListStandardsHandler,
    AdoptStandardHandler,
    RevokeStandardHandler,
    CreateDatasetHandler,
    // One per process: every search and every write of this replica share it.
    { provide: SEARCH_COUNTS_MAX_AGE_MS, useValue: config.SEARCH_COUNTS_MAX_AGE_MS },
    SearchCounts,
    SearchDatasetsHandler,
    GetDatasetHandler,
    UpdateDatasetHandler,
    ChangeDatasetLifecycleHandler,
    AddSchemaVersionHandler,
    ListSchemaVersionsHandler,
    GetSchemaVersionHandler,
    ListLicencesHandler,
    ExportDcatCatalogHandler,
    ApplyTrustScoreHandler,
    TrustScoreConsumer,
  ],
})
export class AppModule {}
