import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles, ApiJsonResponse } from '@dx/service-kit';
import { RelationshipsQuery, type Relationship } from '../queries/relationships.query';
import { RelationshipsBody } from './relationships.responses';

export class RelationshipsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

@ApiTags('insights')
@ApiBearerAuth()
@Controller('insights')
@Roles('dashboard', 'operator')
export class RelationshipsHttpController {
  constructor(private readonly relationships: RelationshipsQuery) {}

  @Get('relationships')
  @ApiOperation({
    summary:
      'Per agreement: trust of both sides, commitment index, on-time rate, quality, disputes and the KMV outcome indicators (dashboard, operator)',
  })
  @ApiJsonResponse(200, RelationshipsBody, 'the relationships, most recently activated first')
  get(@Query() q: RelationshipsQueryDto): Promise<{ items: Relationship[] }> {
    return this.relationships.execute(q.limit ?? 200);
  }
}
