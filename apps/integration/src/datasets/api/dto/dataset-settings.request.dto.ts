import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export class FieldPairDto {
  @ApiProperty({ example: 'district', description: 'a field of this dataset' })
  @Matches(FIELD, { message: 'field must be a field name' })
  field!: string;
  @ApiProperty({ example: 'district_code', description: 'the matching field of the other dataset' })
  @Matches(FIELD, { message: 'otherField must be a field name' })
  otherField!: string;
}

export class CompareFieldDto extends FieldPairDto {
  @ApiPropertyOptional({
    example: 0.1,
    description: 'numbers agree when |a − b| ≤ tolerance (0: exact; other types compare exactly)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  tolerance?: number;
  @ApiPropertyOptional({ description: 'tolerance is a share of max(|a|, |b|) instead of absolute' })
  @IsOptional()
  @IsBoolean()
  relative?: boolean;
}

export class CrossSourceDto {
  @ApiProperty({
    description: 'the overlapping dataset (municipal for a commercial one, or vice versa)',
  })
  @IsUUID('4')
  datasetId!: string;
  @ApiProperty({
    type: [FieldPairDto],
    description: 'fields that identify the same entity in both',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => FieldPairDto)
  match!: FieldPairDto[];
  @ApiProperty({ type: [CompareFieldDto], description: 'attributes that should agree' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CompareFieldDto)
  compare!: CompareFieldDto[];
}

/** `PUT /datasets/{id}/settings`: every field replaces the stored one; omitted fields take defaults. */
export class DatasetSettingsRequestDto {
  @ApiPropertyOptional({
    example: 0.5,
    description: 'share of valid records under which a delivery is rejected whole',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minValidity?: number;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 36500,
    example: 365,
    nullable: true,
    description: 'days the platform keeps records (null: no limit)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  retentionDays?: number | null;
  @ApiPropertyOptional({ type: CrossSourceDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CrossSourceDto)
  crossSource?: CrossSourceDto | null;
}
