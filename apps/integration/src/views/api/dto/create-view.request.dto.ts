import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AGGREGATE_FNS, type AggregateFn, type Side } from '../../domain/view-definition';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export class ViewSourceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') datasetId!: string;
}

export class JoinKeyDto {
  @ApiProperty({ example: 'district' })
  @Matches(FIELD, { message: 'left must be a field name' })
  left!: string;
  @ApiProperty({ example: 'district' })
  @Matches(FIELD, { message: 'right must be a field name' })
  right!: string;
}

export class AggregationDto {
  @ApiProperty({ example: 'people' })
  @Matches(FIELD, { message: 'name must be an identifier' })
  name!: string;
  @ApiProperty({ enum: AGGREGATE_FNS })
  @IsIn(AGGREGATE_FNS as AggregateFn[])
  fn!: AggregateFn;
  @ApiProperty({ enum: ['left', 'right'] })
  @IsIn(['left', 'right'])
  source!: Side;
  @ApiPropertyOptional({ example: 'people', description: 'required for every function but count' })
  @IsOptional()
  @Matches(FIELD, { message: 'field must be a field name' })
  field?: string;
}

/** `POST /views`: two datasets, the keys joining them, the aggregates per key value. */
export class CreateViewRequestDto {
  @ApiProperty({ example: 'Telecom presence × municipal outlets per district' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
  @ApiProperty({ type: ViewSourceDto })
  @ValidateNested()
  @Type(() => ViewSourceDto)
  left!: ViewSourceDto;
  @ApiProperty({ type: ViewSourceDto })
  @ValidateNested()
  @Type(() => ViewSourceDto)
  right!: ViewSourceDto;
  @ApiProperty({ type: [JoinKeyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => JoinKeyDto)
  joinKeys!: JoinKeyDto[];
  @ApiProperty({ type: [AggregationDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AggregationDto)
  aggregations!: AggregationDto[];
}
