import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  DATA_THEME_CODES,
  SENSITIVITIES,
  VISIBILITIES,
  type Sensitivity,
  type Visibility,
} from '../../domain/dataset-metadata';
import { IsIsoDuration } from '@dx/service-kit';

// The fields with platform meaning (key, subject, time, geo) are plain identifiers of at most 63
// characters, PostgreSQL's limit, so they need no quoting or escaping wherever they are used.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export class SpatialCoverageDto {
  @ApiProperty({ example: 'Almaty' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: 'https://www.geonames.org/1526384' })
  @IsOptional()
  @IsUrl({ require_protocol: true })
  uri?: string;
  @ApiPropertyOptional({
    description: '[minLon, minLat, maxLon, maxLat] in WGS 84',
    type: [Number],
    minItems: 4,
    maxItems: 4,
    example: [76.75, 43.1, 77.15, 43.4],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(4)
  @ArrayMaxSize(4)
  @IsNumber({}, { each: true })
  bbox?: number[];
}

export class TemporalCoverageDto {
  // A plain date, not a date-time: coverage is stated by day. `strict` also refuses dates that do
  // not exist (2026-02-30) instead of rolling them over.
  @ApiProperty({ example: '2024-01-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'start must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  start!: string;
  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'end must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  end?: string;
}

export class ContactPointDto {
  @ApiProperty({ example: 'Data office' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  // 254: the longest address SMTP can deliver to (RFC 5321's path limit).
  @ApiProperty({ example: 'data@example.kz' }) @IsEmail() @MaxLength(254) email!: string;
}

/** A record schema: JSON Schema 2020-12 plus the fields with platform meaning. */
export class RecordSchemaDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema 2020-12 object schema (≤ 256 KiB, local $ref only)',
  })
  @IsObject()
  schema!: Record<string, unknown>;

  @ApiProperty({ type: [String], example: ['district', 'hour'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(FIELD_NAME, { each: true, message: 'primaryKey entries must be property names' })
  primaryKey!: string[];

  @ApiPropertyOptional({
    description: "pseudonymous data-subject id; required when sensitivity is 'personal'",
  })
  @IsOptional()
  @Matches(FIELD_NAME, { message: 'subjectField must be a property name' })
  subjectField?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(FIELD_NAME, { message: 'timeField must be a property name' })
  timeField?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(FIELD_NAME, { message: 'geoField must be a property name' })
  geoField?: string;
}

// The limits of the descriptive texts, the same in every language.
const TitleRules = () => applyDecorators(IsString(), MinLength(3), MaxLength(200));
const DescriptionRules = () => applyDecorators(IsString(), MinLength(1), MaxLength(5000));
const KeywordRules = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(20),
    ArrayUnique(),
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(60, { each: true }),
  );

/** Title, description and keywords in one more language, limited as the English ones are. */
export class DatasetTranslationDto {
  @ApiProperty({ example: 'Аудандар бойынша халықтың болуы, сағат сайын' })
  @TitleRules()
  title!: string;

  @ApiProperty() @DescriptionRules() description!: string;

  @ApiPropertyOptional({ type: [String], example: ['халық', 'аудан'] })
  @IsOptional()
  @KeywordRules()
  keywords?: string[];
}

/**
 * The languages of the city besides English. Any other key is refused (the validation pipe
 * forbids unknown properties), so a typo such as `kz` is told, not stored.
 */
export class DatasetTranslationsDto {
  @ApiPropertyOptional({ type: DatasetTranslationDto, description: 'Kazakh' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DatasetTranslationDto)
  @IsObject()
  kk?: DatasetTranslationDto;

  @ApiPropertyOptional({ type: DatasetTranslationDto, description: 'Russian' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DatasetTranslationDto)
  @IsObject()
  ru?: DatasetTranslationDto;
}

/** Editable metadata (PATCH takes any subset). */
export class DatasetMetadataDto {
  @ApiProperty({ example: 'Population presence by district, hourly' })
  @TitleRules()
  title!: string;

  @ApiProperty() @DescriptionRules() description!: string;

  // The EU data-theme vocabulary, which DCAT-AP exports as is; five at most, so that a dataset
  // cannot claim every theme to show up under every filter.
  @ApiProperty({ enum: DATA_THEME_CODES, isArray: true, description: 'EU data-theme codes' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(DATA_THEME_CODES, { each: true })
  themes!: string[];

  @ApiProperty({ type: [String], example: ['population', 'district'] })
  @KeywordRules()
  keywords!: string[];

  // The fields above are English; a PATCH replaces the translations as a whole (`{}` removes them).
  @ApiPropertyOptional({
    type: DatasetTranslationsDto,
    description: 'title, description and keywords in Kazakh (kk) and Russian (ru)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DatasetTranslationsDto)
  @IsObject()
  translations?: DatasetTranslationsDto;

  @ApiProperty({ description: 'a code from GET /licences', example: 'CC-BY-4.0' })
  @IsString()
  @MaxLength(60)
  licence!: string;

  @ApiProperty({ enum: SENSITIVITIES }) @IsIn(SENSITIVITIES) sensitivity!: Sensitivity;

  // Not public by default: showing a dataset to residents and harvesters (the DCAT export takes
  // public ones only) is a choice the provider makes explicitly.
  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'participants' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiProperty({ example: 'PT1H', description: 'ISO-8601 duration' })
  @IsIsoDuration()
  updateFrequency!: string;

  @ApiProperty({ type: SpatialCoverageDto })
  @ValidateNested()
  @Type(() => SpatialCoverageDto)
  @IsObject()
  spatialCoverage!: SpatialCoverageDto;

  @ApiProperty({ type: TemporalCoverageDto })
  @ValidateNested()
  @Type(() => TemporalCoverageDto)
  @IsObject()
  temporalCoverage!: TemporalCoverageDto;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1000) legalBasis!: string;

  @ApiPropertyOptional({ type: [String], example: ['public-transport-planning'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  citizenServices?: string[];

  @ApiProperty({ type: ContactPointDto })
  @ValidateNested()
  @Type(() => ContactPointDto)
  @IsObject()
  contactPoint!: ContactPointDto;
}

export class CreateDatasetRequestDto extends DatasetMetadataDto {
  @ApiProperty({ type: RecordSchemaDto })
  @ValidateNested()
  @Type(() => RecordSchemaDto)
  @IsObject()
  recordSchema!: RecordSchemaDto;
}

export class UpdateDatasetRequestDto extends PartialType(DatasetMetadataDto) {}

export class AddSchemaVersionRequestDto extends RecordSchemaDto {
  @ApiPropertyOptional({
    description:
      'when the version takes effect (default now); a breaking version needs the notice period',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveAt?: string;
}

export class LifecycleRequestDto {
  @ApiPropertyOptional({ description: 'why; required to deprecate or withdraw' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;
}
