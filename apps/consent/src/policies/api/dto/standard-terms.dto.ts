import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsIsoDuration } from '@dx/service-kit';
import type { StandardTerms } from '../../domain/standard-terms';

/** What a provider offers to anyone for a dataset (docs/dataspace.md §2). */
export class StandardTermsDto implements StandardTerms {
  @ApiProperty({ example: 'Voluntary data-sharing agreement under the city data charter' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  legalBasis!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'fields offered (the primary key is always added); absent: every field',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, {
    each: true,
    message: 'fields must be property names',
  })
  fields?: string[];

  @ApiProperty({ example: 'P1D' }) @IsIsoDuration() deliveryFrequency!: string;
  @ApiProperty({ example: 'PT6H' }) @IsIsoDuration() gracePeriod!: string;
  @ApiPropertyOptional({ example: 'P2D' }) @IsOptional() @IsIsoDuration() freshness?: string;
  @ApiProperty({ example: 'P1Y', description: 'how long an agreement on these terms runs' })
  @IsIsoDuration()
  validity!: string;
  @ApiProperty({ example: 365 }) @IsInt() @Min(0) @Max(3650) retentionDays!: number;
  @ApiProperty({ example: true }) @IsBoolean() onwardSharingProhibited!: boolean;
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(365) terminationNoticeDays!: number;
  @ApiProperty({ example: 14 }) @IsInt() @Min(0) @Max(365) changeNoticeDays!: number;
}
