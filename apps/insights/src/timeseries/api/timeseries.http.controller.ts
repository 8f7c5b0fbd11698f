import { Controller, Get, Query, Inject } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { Roles, CLOCK, type Clock } from '@dx/service-kit';
import { INTERVALS, METRIC_NAMES, type Interval } from '../domain/metrics';
import { TimeSeriesQuery, type TimeSeries } from '../queries/timeseries.query';

export class TimeSeriesQueryDto {
  @ApiProperty({ enum: METRIC_NAMES, description: 'the indicator (docs/impact-indicators.md §4)' })
  @IsIn(METRIC_NAMES)
  metric!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'default: 90 days before `to`' })
  @IsOptional()
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
  @ApiOkResponse({ description: 'the series' })
  get(@Query() q: TimeSeriesQueryDto): Promise<TimeSeries> {
    const to = q.to ? new Date(q.to) : this.clock.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * 86_400_000);
    return this.series.execute({ metric: q.metric, from, to, interval: q.interval ?? 'day' });
  }
}
