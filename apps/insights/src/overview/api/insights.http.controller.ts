import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, ApiJsonResponse } from '@dx/service-kit';
import { OverviewQuery, type Overview } from '../queries/overview.query';
import { OverviewBody } from './overview.responses';

@ApiTags('insights')
@ApiBearerAuth()
@Controller('insights')
@Roles('dashboard', 'operator')
export class InsightsHttpController {
  constructor(private readonly overview: OverviewQuery) {}

  @Get('overview')
  @ApiOperation({
    summary:
      'Counts and rates now: participants, datasets, agreements, deliveries and on-time rate, quality, disputes, trust distribution (dashboard, operator)',
  })
  @ApiJsonResponse(200, OverviewBody)
  get(): Promise<Overview> {
    return this.overview.execute();
  }
}
