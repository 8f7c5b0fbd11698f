import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiJsonResponse, ApiProblems, Roles, uuidParam } from '@dx/service-kit';
import {
  ParticipantDetailQuery,
  type ParticipantDetail,
} from '../queries/participant-detail.query';
import { ParticipantDetailBody } from './participant-detail.responses';

@ApiTags('insights')
@ApiBearerAuth()
@Controller('insights')
@Roles('dashboard', 'operator')
export class ParticipantDetailHttpController {
  constructor(private readonly detail: ParticipantDetailQuery) {}

  @Get('participants/:id')
  @ApiOperation({
    summary:
      'One participant for the dashboard: trust per role with why its tier, disputes about it, its punctuality (dashboard, operator)',
  })
  @ApiJsonResponse(200, ParticipantDetailBody)
  @ApiProblems({ not_found: 'no participant with this id is known here: `PARTICIPANT.NOT_FOUND`' })
  get(@Param('id', uuidParam('id')) id: string): Promise<ParticipantDetail> {
    return this.detail.execute(id);
  }
}
