import { Body, Controller, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CurrentPrincipal,
  etagOf,
  Roles,
  uuidParam,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { ListPolicyDecisionsHandler } from '../application/list-policy-decisions.handler';
import {
  SetDecisionPolicyHandler,
  type PolicyView,
} from '../application/set-decision-policy.handler';
import { DecisionPolicyDto, DecisionPolicyResponseDto } from './dto/decision-policy.dto';
import { type PolicyDecisionView } from '../queries/policy-decisions.query';
import { PolicyDecisionsBody } from './dto/policy-decisions.responses';

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
  @ApiOkResponse({ type: DecisionPolicyResponseDto })
  @ApiProblems({
    invalid: 'two rules share an id: `POLICY.DUPLICATE_RULE`',
    forbidden: 'only the provider sets it: `DATASET.NOT_PROVIDER`',
    not_found: 'no such dataset: `DATASET.NOT_FOUND`',
  })
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
  @ApiJsonResponse(200, PolicyDecisionsBody)
  @ApiProblems({
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
  })
  list(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: PolicyDecisionView[] }> {
    return this.decisions.execute(id, principal);
  }
}
