import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, uuidParam, type Principal } from '@dx/service-kit';
import {
  ListObligationsHandler,
  type ObligationView,
} from '../application/list-obligations.handler';

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
  obligations(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: ObligationView[]; onTimeRate: number | null }> {
    return this.list.execute(id, principal);
  }
}
