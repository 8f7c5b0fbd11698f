import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type {
  BenefitReportedV1,
  ExitInterviewRecordedV1,
  ExitSurveyCompletedV1,
  RegulationChangedV1,
} from '@dx/contracts';
import {
  CurrentPrincipal,
  Roles,
  uuidParam,
  type Page,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { ListDisputesHandler } from '../application/list-disputes.handler';
import { ListRegulationsHandler } from '../application/list-regulations.handler';
import { OpenDisputeHandler } from '../application/open-dispute.handler';
import { RecordRegulationHandler } from '../application/record-regulation.handler';
import { ResolveDisputeHandler } from '../application/resolve-dispute.handler';
import { SubmitExitSurveyHandler } from '../application/submit-exit-survey.handler';
import { ReportBenefitHandler } from '../application/report-benefit.handler';
import { RecordExitInterviewHandler } from '../application/record-exit-interview.handler';
import {
  BenefitReportDto,
  ExitInterviewDto,
  ExitSurveyDto,
  ListDisputesQueryDto,
  OpenDisputeDto,
  RecordRegulationDto,
  ResolveDisputeDto,
} from './dto/governance.dto';
import {
  BenefitReportBody,
  ExitInterviewBody,
  DisputeOpenedBody,
  DisputeResolvedBody,
  DisputePageBody,
  ExitSurveyBody,
  RegulationChangeBody,
  RegulationListBody,
} from './dto/governance.responses';
import { type DisputeView, type RegulationView } from '../queries/governance.queries';
import { type DisputeResolvedV1 } from '@dx/contracts';

@ApiTags('governance')
@ApiBearerAuth()
/**
 * Governance over HTTP: what the parties report about a relationship (benefits, disputes, exit
 * surveys) and what operators record about the platform's rules (dispute rulings, regulation
 * changes). These are the study's inputs beside the platform's own events; each lands on
 * `consent.governance.v1` for trust and insights.
 */
@Controller()
export class GovernanceHttpController {
  constructor(
    private readonly openDispute: OpenDisputeHandler,
    private readonly resolveDispute: ResolveDisputeHandler,
    private readonly disputes: ListDisputesHandler,
    private readonly exitSurvey: SubmitExitSurveyHandler,
    private readonly recordRegulation: RecordRegulationHandler,
    private readonly regulations: ListRegulationsHandler,
    private readonly benefit: ReportBenefitHandler,
    private readonly interview: RecordExitInterviewHandler,
  ) {}

  // Self-reported by a party of the agreement, for the impact indicators; trust does not score it
  // (its "benefit realised" is measured from downstream uses, docs/trust-model.md §9).
  @Post('agreements/:id/benefits')
  @Roles('participant')
  @ApiOperation({
    summary:
      'Report what the agreement brought over a period (cost avoided, staff hours, revenue, products, decisions, citizen services); self-reported, shown as such',
  })
  @ApiJsonResponse(201, BenefitReportBody, 'the report as recorded')
  @ApiProblems({
    invalid: 'the period or the figures are not consistent: `BENEFIT.INVALID`',
    forbidden: 'only a party of the agreement reports: `BENEFIT.NOT_A_PARTY`',
    conflict: 'the agreement was never in force: `BENEFIT.NEVER_IN_FORCE`',
  })
  reportBenefit(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: BenefitReportDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BenefitReportedV1> {
    return this.benefit.execute(id, body, principal);
  }

  // Either party may open a dispute; until an operator rules on it, it is shown as pending and
  // counts for nothing (docs/trust-model.md §8), so a false complaint costs its target nothing.
  @Post('disputes')
  @Roles('participant')
  @ApiOperation({ summary: 'A party opens a dispute on its agreement (against the other party)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiJsonResponse(201, DisputeOpenedBody, 'the dispute, pending until an operator rules')
  @ApiProblems({
    forbidden: 'only a party of the agreement opens one: `DISPUTE.NOT_A_PARTY`',
    not_found:
      'the agreement is not visible to the caller (a stranger learns nothing of it): `AGREEMENT.NOT_FOUND`',
    conflict: 'the agreement never reached a commitment: `DISPUTE.NO_COMMITMENT`',
    unprocessable: 'no such agreement: `DISPUTE.UNKNOWN_AGREEMENT`',
  })
  async open(
    @Body() body: OpenDisputeDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const out = await this.openDispute.execute(body, principal, key);
    res.status(out.status);
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return out.body;
  }

  // Only an operator rules: an upheld dispute becomes a confirmed violation, dated at the original
  // occurrence, which neither party could create by itself.
  @Post('disputes/:id/resolve')
  @Roles('operator')
  @ApiOperation({
    summary: 'Operator resolves: upheld (against a named party), dismissed or amicable',
  })
  @ApiJsonResponse(200, DisputeResolvedBody, 'the ruling')
  @ApiProblems({
    invalid: 'an upheld dispute names the party at fault: `DISPUTE.AGAINST_REQUIRED`',
    not_found: 'no such dispute: `DISPUTE.NOT_FOUND`',
    conflict: 'already resolved: `DISPUTE.ALREADY_RESOLVED`',
    unprocessable: '`against` is not a party of the agreement: `DISPUTE.AGAINST_NOT_PARTY`',
  })
  resolve(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ResolveDisputeDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DisputeResolvedV1 & { id: string; status: 'resolved' }> {
    res.status(200);
    return this.resolveDispute.execute(id, body, principal);
  }

  @Get('disputes')
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({ summary: 'Disputes on your agreements (operators and auditors: all)' })
  @ApiJsonResponse(200, DisputePageBody)
  list(
    @Query() query: ListDisputesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<DisputeView>> {
    return this.disputes.execute(query, principal);
  }

  // Asked of a party when a relationship ends: why it ended is what the study's exit interviews
  // ask, recorded in the same structured form for every exit.
  @Post('agreements/:id/exit-survey')
  @Roles('participant')
  @ApiOperation({
    summary: 'Why the agreement ended, coded to the KMV constructs (once per party)',
  })
  @ApiJsonResponse(201, ExitSurveyBody, 'the survey as recorded')
  @ApiProblems({
    invalid: 'a construct appears twice: `SURVEY.REPEATED_CONSTRUCT`',
    forbidden: 'only a party of the agreement answers: `SURVEY.NOT_A_PARTY`',
    conflict:
      'the agreement is not ending or ended, or this party already answered: `SURVEY.NOT_ENDING`, `SURVEY.ALREADY_SUBMITTED`',
  })
  survey(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ExitSurveyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExitSurveyCompletedV1> {
    return this.exitSurvey.execute(id, body, principal);
  }

  // The study's closing interviews are held by its team, not by the parties: an operator enters
  // each one afterwards, in the coded form that lets insights count themes across interviews.
  @Post('exit-interviews')
  @Roles('operator')
  @ApiOperation({
    summary:
      'Record a closing interview with a stakeholder: constructs rated 1–5, coded positive and negative themes, free text (once per stakeholder)',
  })
  @ApiJsonResponse(201, ExitInterviewBody, 'the interview as recorded')
  @ApiProblems({
    invalid:
      'a construct rated twice, a theme repeated or coded both ways, or an interview in the future: `INTERVIEW.INVALID`',
    conflict:
      'this stakeholder of the participant is already recorded: `INTERVIEW.ALREADY_RECORDED`',
    unprocessable: 'the participant is not a party of any agreement: `INTERVIEW.NOT_A_PARTICIPANT`',
  })
  recordInterview(
    @Body() body: ExitInterviewDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExitInterviewRecordedV1> {
    return this.interview.execute(body, principal);
  }

  // Regulation changes are markers on the time series (docs/impact-indicators.md, group G), so
  // only operators record them.
  @Post('regulations')
  @Roles('operator')
  @ApiOperation({ summary: 'Record a regulation change {reference, title, effectiveAt}' })
  @ApiJsonResponse(201, RegulationChangeBody, 'the regulation change as recorded')
  @ApiProblems({ conflict: 'a change with this reference is recorded: `REGULATION.DUPLICATE`' })
  regulation(
    @Body() body: RecordRegulationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegulationChangedV1> {
    return this.recordRegulation.execute(body, principal);
  }

  @Get('regulations')
  @ApiOperation({ summary: 'Regulation changes, newest first' })
  @ApiJsonResponse(200, RegulationListBody)
  listRegulations(): Promise<{ items: RegulationView[] }> {
    return this.regulations.execute();
  }
}
