import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  Roles,
  uuidParam,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import {
  ListObligationsHandler,
  type ObligationView,
} from '../application/list-obligations.handler';
import { ObligationsBody } from './obligations.responses';

@ApiTags('obligations')
@ApiBearerAuth()
@Controller()
export class ObligationsHttpController {
  constructor(private readonly list: ListObligationsHandler) {}

  @Get('agreements/:id/obligations')
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({
    summary: 'Delivery schedule: due, fulfilled (on time / late), missed, with the on-time rate',
  })
  @ApiJsonResponse(200, ObligationsBody)
  @ApiProblems({
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
  })
  obligations(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: ObligationView[]; onTimeRate: number | null }> {
    return this.list.execute(id, principal);
  }
}
