import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsIsoDuration } from '@dx/service-kit';
import { PURPOSE_CODES } from '../../domain/purposes';

/** The terms a party proposes. Omitted optional terms take the documented defaults. */ import type {
  AcceptInput,
  NoticeInput,
  ReasonInput,
  RequestAgreementInput,
  TermsInput,
} from '../../application/terms-input';

export class TermsDto implements TermsInput {
  @ApiProperty({ enum: PURPOSE_CODES }) @IsIn(PURPOSE_CODES) purpose!: string;
  @ApiProperty() @IsString() @MinLength(10) @MaxLength(2000) purposeDescription!: string;
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(1000) legalBasis!: string;

  @ApiProperty({
    type: [String],
    description: "fields of the dataset's current schema; the primary key is always added",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, {
    each: true,
    message: 'fields must be property names',
  })
  fields!: string[];

  @ApiProperty({ example: 'P1D' }) @IsIsoDuration() deliveryFrequency!: string;
  @ApiPropertyOptional({ example: 'PT6H', default: 'PT6H' })
  @IsOptional()
  @IsIsoDuration()
  gracePeriod?: string;
  @ApiPropertyOptional({ example: 'P2D' }) @IsOptional() @IsIsoDuration() freshness?: string;
  @ApiProperty() @IsISO8601({ strict: true }) validFrom!: string;
  @ApiProperty() @IsISO8601({ strict: true }) validTo!: string;
  @ApiProperty() @IsInt() @Min(0) @Max(3650) retentionDays!: number;
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  onwardSharingProhibited?: boolean;
  @ApiPropertyOptional({ default: 30 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  terminationNoticeDays?: number;
  @ApiPropertyOptional({ default: 14 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  changeNoticeDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsUUID('4') reciprocalAgreementId?: string;
}

export class RequestAgreementDto extends TermsDto implements RequestAgreementInput {
  @ApiProperty() @IsUUID('4') datasetId!: string;
}

/** Counter-offers, amendments and renewals name only what changes; the rest is carried over. */
export class TermsChangeDto extends PartialType(TermsDto) {}

export class AcceptDto implements AcceptInput {
  @ApiProperty({
    description:
      'the term version being accepted (guards against accepting terms you have not seen)',
  })
  @IsInt()
  @Min(1)
  termVersion!: number;
}

export class ReasonDto implements ReasonInput {
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(1000) reason!: string;
}

export class NoticeDto extends ReasonDto implements NoticeInput {
  @ApiProperty({ description: 'when the agreement ends' })
  @IsISO8601({ strict: true })
  effectiveAt!: string;
}
