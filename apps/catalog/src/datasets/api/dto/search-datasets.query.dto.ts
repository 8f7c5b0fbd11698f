import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ListQueryDto, queryList } from '@dx/service-kit';
import { DATASET_STATUSES } from '../../domain/dataset-lifecycle';
import { DATA_THEME_CODES, SENSITIVITIES } from '../../domain/dataset-metadata';

export class SearchDatasetsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: 'full-text query (web search syntax: words, "phrases", -exclusions, or)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: DATA_THEME_CODES, isArray: true })
  @IsOptional()
  @Transform(queryList)
  @ArrayMaxSize(20)
  @IsIn(DATA_THEME_CODES, { each: true })
  theme?: string[];

  @ApiPropertyOptional({ description: 'provider participant id' })
  @IsOptional()
  @IsUUID('4')
  provider?: string;

  @ApiPropertyOptional({ enum: ['municipality', 'business', 'ngo'], isArray: true })
  @IsOptional()
  @Transform(queryList)
  @IsIn(['municipality', 'business', 'ngo'], { each: true })
  providerKind?: string[];

  @ApiPropertyOptional({ enum: SENSITIVITIES, isArray: true })
  @IsOptional()
  @Transform(queryList)
  @IsIn(SENSITIVITIES, { each: true })
  sensitivity?: string[];

  @ApiPropertyOptional({ isArray: true, type: String })
  @IsOptional()
  @Transform(queryList)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  licence?: string[];

  @ApiPropertyOptional({
    enum: DATASET_STATUSES,
    isArray: true,
    description:
      'default published and deprecated; drafts only ever show to their provider and operators',
  })
  @IsOptional()
  @Transform(queryList)
  @IsIn(DATASET_STATUSES, { each: true })
  status?: string[];
}
