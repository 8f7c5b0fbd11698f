import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TrustTier } from '@dx/contracts';
import type { ParticipantOrmEntity } from '../../../participants/persistence/participant.orm-entity';
import type { ParticipantTrustOrmEntity } from '../../../trust-replica/persistence/participant-trust.orm-entity';
import type { DatasetOrmEntity } from '../../persistence/dataset.orm-entity';
import type { SchemaVersionOrmEntity } from '../../persistence/schema-version.orm-entity';
import { ContactPointDto, SpatialCoverageDto, TemporalCoverageDto } from './dataset.request.dto';

export class SchemaDifferenceDto {
  @ApiProperty() path!: string;
  @ApiProperty() change!: string;
  @ApiProperty() breaking!: boolean;
  @ApiProperty() message!: string;
}

export class SchemaVersionResponseDto {
  @ApiProperty() version!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) schema!: Record<string, unknown>;
  @ApiProperty({ type: [String] }) primaryKey!: string[];
  @ApiPropertyOptional() subjectField?: string;
  @ApiPropertyOptional() timeField?: string;
  @ApiPropertyOptional() geoField?: string;
  @ApiPropertyOptional({ enum: ['compatible', 'breaking'], description: 'absent for version 1' })
  compatibility?: 'compatible' | 'breaking';
  @ApiProperty({ type: [SchemaDifferenceDto] }) differences!: SchemaDifferenceDto[];
  @ApiProperty() announcedAt!: string;
  @ApiProperty() effectiveAt!: string;
  @ApiProperty({ description: 'notice given, in seconds' }) noticeSeconds!: number;
  @ApiProperty({ description: 'breaking with less notice than the notice period' })
  unannounced!: boolean;

  static from(v: SchemaVersionOrmEntity): SchemaVersionResponseDto {
    return {
      version: v.version,
      schema: v.schema,
      primaryKey: v.primaryKey,
      ...(v.subjectField ? { subjectField: v.subjectField } : {}),
      ...(v.timeField ? { timeField: v.timeField } : {}),
      ...(v.geoField ? { geoField: v.geoField } : {}),
      ...(v.compatibility ? { compatibility: v.compatibility } : {}),
      differences: v.differences,
      announcedAt: v.announcedAt.toISOString(),
      effectiveAt: v.effectiveAt.toISOString(),
      noticeSeconds: v.noticeSeconds,
      unannounced: v.unannounced,
    };
  }
}

export class ProviderSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['municipality', 'business', 'ngo'] }) kind!: string;
  @ApiProperty({
    enum: ['High', 'Established', 'Provisional', 'Low'],
    nullable: true,
    description:
      'provider trust tier from the trust service; null until it has scored the provider',
  })
  trustTier!: TrustTier | null;
  @ApiProperty({
    nullable: true,
    description: 'conservative 5 % lower bound of the provider trust',
  })
  trustLowerBound!: number | null;
}

export class DatasetResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: ProviderSummaryDto }) provider!: ProviderSummaryDto;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty() licence!: string;
  @ApiProperty() sensitivity!: string;
  @ApiProperty({ enum: ['public', 'participants'] }) visibility!: string;
  @ApiProperty() updateFrequency!: string;
  @ApiProperty({ type: SpatialCoverageDto }) spatialCoverage!: SpatialCoverageDto;
  @ApiProperty({ type: TemporalCoverageDto }) temporalCoverage!: TemporalCoverageDto;
  @ApiProperty() legalBasis!: string;
  @ApiProperty({ type: [String] }) citizenServices!: string[];
  @ApiProperty({ type: ContactPointDto }) contactPoint!: ContactPointDto;
  @ApiProperty({ enum: ['draft', 'published', 'deprecated', 'withdrawn'] }) status!: string;
  @ApiPropertyOptional() statusReason?: string;
  @ApiProperty({ description: 'highest schema version (it may take effect later)' })
  latestSchemaVersion!: number;
  @ApiProperty({ type: SchemaVersionResponseDto, description: 'the version in force now' })
  currentSchema!: SchemaVersionResponseDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional() publishedAt?: string;
  @ApiProperty({ description: 'aggregate version; the ETag' }) version!: number;

  static from(
    d: DatasetOrmEntity,
    ctx: {
      provider: Pick<ParticipantOrmEntity, 'id' | 'name' | 'kind'>;
      currentSchema: SchemaVersionOrmEntity;
      trust: Pick<ParticipantTrustOrmEntity, 'tier' | 'lowerBound'> | null;
    },
  ): DatasetResponseDto {
    return {
      id: d.id,
      provider: {
        id: ctx.provider.id,
        name: ctx.provider.name,
        kind: ctx.provider.kind,
        trustTier: ctx.trust?.tier ?? null,
        trustLowerBound: ctx.trust?.lowerBound ?? null,
      },
      title: d.title,
      description: d.description,
      themes: d.themes,
      keywords: d.keywords,
      licence: d.licence,
      sensitivity: d.sensitivity,
      visibility: d.visibility,
      updateFrequency: d.updateFrequency,
      spatialCoverage: d.spatialCoverage,
      temporalCoverage: d.temporalCoverage,
      legalBasis: d.legalBasis,
      citizenServices: d.citizenServices,
      contactPoint: d.contactPoint,
      status: d.status,
      ...(d.statusReason ? { statusReason: d.statusReason } : {}),
      latestSchemaVersion: d.latestSchemaVersion,
      currentSchema: SchemaVersionResponseDto.from(ctx.currentSchema),
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
      ...(d.publishedAt ? { publishedAt: d.publishedAt.toISOString() } : {}),
      version: d.version,
    };
  }
}
