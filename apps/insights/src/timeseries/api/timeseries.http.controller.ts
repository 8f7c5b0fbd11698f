import { Controller, Get, Query, Inject } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiPropertyOptional,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { Roles, CLOCK, type Clock, ApiJsonResponse, ApiProblems } from '@dx/service-kit';
import { INTERVALS, METRIC_NAMES, type Interval } from '../domain/metrics';
import { TimeSeriesQuery, type TimeSeries } from '../queries/timeseries.query';
import { TimeSeriesBody } from './timeseries.responses';

/**
 * The series' query. `metric` is checked against the declared indicators, so an unknown name is a
 * 400 listing the valid ones rather than an empty series that looks like a real zero.
 */
export class TimeSeriesQueryDto {
  @ApiProperty({ enum: METRIC_NAMES, description: 'the indicator (docs/impact-indicators.md §4)' })
  @IsIn(METRIC_NAMES)
  metric!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'default: 90 days before `to`' })
  @IsOptional()
  // strict: a date like 2026-02-30 is refused rather than rolled over into March.
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional({ enum: INTERVALS, default: 'day' })
  @IsOptional()
  @IsIn(INTERVALS)
  interval?: Interval;
}

// Aggregates over every participant, so only the dashboard and operators read them; a participant
// sees its own figures through the other services' APIs (its agreements, obligations, trust).
@ApiTags('insights')
@ApiBearerAuth()
@Controller('insights')
@Roles('dashboard', 'operator')
export class TimeSeriesHttpController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly series: TimeSeriesQuery,
  ) {}

  @Get('timeseries')
  @ApiOperation({
    summary:
      'Any indicator over time, one point per interval, with regulation changes as timeline markers (dashboard, operator)',
  })
  @ApiJsonResponse(200, TimeSeriesBody)
  @ApiProblems({
    invalid: '`from` after `to`, or more intervals than a series holds: `INSIGHTS.BAD_RANGE`',
  })
  get(@Query() q: TimeSeriesQueryDto): Promise<TimeSeries> {
    // The range and its size are checked in the query (from before to, at most MAX_POINTS
    // intervals), where the same rule holds for every caller.
    const to = q.to ? new Date(q.to) : this.clock.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * 86_400_000);
    return this.series.execute({ metric: q.metric, from, to, interval: q.interval ?? 'day' });
  }
}
