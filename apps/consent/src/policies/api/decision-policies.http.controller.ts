import { Body, Controller, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, etagOf, Roles, uuidParam, type Principal } from '@dx/service-kit';
import { ListPolicyDecisionsHandler } from '../application/list-policy-decisions.handler';
import {
  SetDecisionPolicyHandler,
  type PolicyView,
} from '../application/set-decision-policy.handler';
import { DecisionPolicyDto } from './dto/decision-policy.dto';

@ApiTags('decision policies')
@ApiBearerAuth()
@Controller()
export class DecisionPoliciesHttpController {
  constructor(
    private readonly setPolicy: SetDecisionPolicyHandler,
    private readonly decisions: ListPolicyDecisionsHandler,
  ) {}

  @Put('datasets/:id/decision-policy')
  @Roles('participant')
  @ApiOperation({
    summary:
      "Provider's auto-decision rules for requests on its dataset (replaces them; If-Match on the policy version)",
  })
  @ApiHeader({ name: 'If-Match', required: false })
  async put(
    @Param('id', uuidParam('id')) datasetId: string,
    @Body() body: DecisionPolicyDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PolicyView> {
    const out = await this.setPolicy.execute(datasetId, body, principal, ifMatch);
    res.setHeader('ETag', etagOf(out.version));
    return out;
  }

  @Get('agreements/:id/policy-decisions')
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({ summary: 'Why a request was auto-accepted, refused or queued' })
  list(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: Array<Record<string, unknown>> }> {
    return this.decisions.execute(id, principal);
  }
}
