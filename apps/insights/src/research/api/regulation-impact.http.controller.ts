import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { ApiJsonResponse, ApiProblems, CLOCK, Roles, type Clock } from '@dx/service-kit';
import {
  IMPACT_INDICATORS,
  RegulationImpactQuery,
  type ImpactIndicator,
  type RegulationImpactReport,
} from '../queries/regulation-impact.query';
import { RegulationImpactBody } from './research.responses';

export class RegulationImpactQueryDto {
  @ApiPropertyOptional({
    enum: IMPACT_INDICATORS,
    isArray: true,
    description: 'comma-separated; default: all five',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',') : value,
  )
  @ArrayNotEmpty()
  @IsIn(IMPACT_INDICATORS, { each: true })
  indicator?: ImpactIndicator[];
  @ApiPropertyOptional({ format: 'uuid', description: 'one regulation change; default: all' })
  @IsOptional()
  @IsUUID()
  regulationId?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'first month analysed; default: the first complete month with records',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'months before this one are analysed; default: the current month',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

// Research exports read across every participant: auditors and operators only (docs/research.md).
@ApiTags('research')
@ApiBearerAuth()
@Controller('insights/research')
@Roles('auditor', 'operator')
export class RegulationImpactHttpController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly impact: RegulationImpactQuery,
  ) {}

  @Get('regulation-impact')
  @ApiOperation({
    summary:
      'Each regulation change against punctuality, new agreements, deliveries, disputes and the trust median: an interrupted time-series estimate with intervals and the lines to plot (auditor, operator)',
  })
  @ApiJsonResponse(200, RegulationImpactBody)
  @ApiProblems({
    invalid: 'a range without a complete month: `INSIGHTS.BAD_RANGE`',
    not_found: 'no regulation change with that id: `INSIGHTS.REGULATION_NOT_FOUND`',
  })
  get(@Query() q: RegulationImpactQueryDto): Promise<RegulationImpactReport> {
    return this.impact.execute({
      indicators: q.indicator ?? IMPACT_INDICATORS,
      regulationId: q.regulationId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      now: this.clock.now(),
    });
  }
}
