import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TrustTier } from '@dx/contracts';
import type {
  DatasetView,
  ProviderSummaryView,
  SchemaDifferenceView,
  SchemaVersionView,
} from '../../application/dataset-view';
import {
  ContactPointDto,
  DatasetTranslationsDto,
  SpatialCoverageDto,
  TemporalCoverageDto,
} from './dataset.request.dto';

export class SchemaDifferenceDto implements SchemaDifferenceView {
  @ApiProperty() path!: string;
  @ApiProperty() change!: string;
  @ApiProperty() breaking!: boolean;
  @ApiProperty() message!: string;
}

export class SchemaVersionResponseDto implements SchemaVersionView {
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
}

export class ProviderSummaryDto implements ProviderSummaryView {
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
    type: Number,
    nullable: true,
    description: 'conservative 5 % lower bound of the provider trust',
  })
  trustLowerBound!: number | null;
}

export class DatasetResponseDto implements DatasetView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: ProviderSummaryDto }) provider!: ProviderSummaryDto;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty({
    type: DatasetTranslationsDto,
    description: 'Kazakh and Russian title, description and keywords, where given ({} if none)',
  })
  translations!: DatasetTranslationsDto;
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
}
