import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { AppError } from '@dx/contracts';
import type { KmvEstimate } from '@dx/research-methods';
import {
  ApiJsonResponse,
  ApiProblems,
  CLOCK,
  CurrentPrincipal,
  Roles,
  responseSchemaRef,
  type Clock,
  type Principal,
} from '@dx/service-kit';
import { EstimateKmv } from '../application/estimate-kmv';
import { GetInterviews, type InterviewsReport } from '../application/interviews-report';
import { GetOutcomes, type OutcomesResponse } from '../application/outcomes-report';
import { GetResearchPanel, type PanelReport } from '../application/panel-report';
import {
  GetPredictiveValidity,
  type PredictiveValidityReport,
} from '../application/predictive-validity-report';
import { PANEL_COLUMNS } from '../domain/panel-columns';
import {
  InterviewsBody,
  KmvBody,
  OutcomesBody,
  PanelBody,
  PredictiveValidityBody,
} from './research.responses';

export class NamesQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description:
      'participants, datasets and agreements by name and id instead of pseudonyms (operators only)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  names?: 'true' | 'false';
}

export class PanelQueryDto extends NamesQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class ForecastWindowDto extends NamesQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'obligations due from the month of this moment; default: all settled months',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'obligations due before this moment; default: all settled months',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class KmvQueryDto {
  @ApiPropertyOptional({ minimum: 99, maximum: 4999, default: 999 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(99)
  @Max(4999)
  replicates?: number;
}

const CSV = 'text/csv; charset=utf-8';

// Research reads across every participant: auditors and operators only; names only for operators,
// since an auditor's export may leave the platform (docs/research.md §9).
@ApiTags('research')
@ApiBearerAuth()
@Controller('insights/research')
@Roles('auditor', 'operator')
export class ResearchHttpController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly panel: GetResearchPanel,
    private readonly kmv: EstimateKmv,
    private readonly interviews: GetInterviews,
    private readonly outcomes: GetOutcomes,
    private readonly validity: GetPredictiveValidity,
  ) {}

  private names(q: { names?: 'true' | 'false' }, who: Principal): boolean {
    const names = q.names === 'true';
    if (names && !who.roles.includes('operator'))
      throw new AppError(
        'forbidden',
        'RESEARCH.NAMES_OPERATOR_ONLY',
        'only an operator may export research data with names',
      );
    return names;
  }

  @Get('panel')
  @ApiOperation({
    summary:
      'The research panel: one row per relationship and month with the KMV constructs, JSON with its data dictionary or CSV (auditor, operator)',
  })
  @ApiResponse({
    status: 200,
    description: 'the panel; pseudonymised unless an operator asked for names',
    content: {
      'application/json': { schema: responseSchemaRef(PanelBody) },
      'text/csv': { schema: { type: 'string', description: 'header row of PANEL column names' } },
    },
  })
  @ApiProblems({ forbidden: '`names=true` by an auditor: `RESEARCH.NAMES_OPERATOR_ONLY`' })
  async getPanel(
    @Query() q: PanelQueryDto,
    @CurrentPrincipal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PanelReport | string> {
    const names = this.names(q, who);
    const report = await this.panel.execute({ now: this.clock.now(), names });
    if (q.format !== 'csv') return report;
    res.setHeader('Content-Type', CSV);
    res.setHeader('Content-Disposition', 'attachment; filename="research-panel.csv"');
    return stringify(report.rows, {
      header: true,
      columns: PANEL_COLUMNS.map((c) => c.name),
      cast: { number: (v) => String(v) },
    });
  }

  @Get('panel/codebook')
  @ApiOperation({
    summary:
      'The codebook of the panel export for R, Stata and SPSS users: one row per column with construct, unit, formula and source events (auditor, operator)',
  })
  @ApiResponse({
    status: 200,
    description: 'CSV: variable, construct, unit, formula, sources',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  codebook(@Res({ passthrough: true }) res: Response): string {
    res.setHeader('Content-Type', CSV);
    res.setHeader('Content-Disposition', 'attachment; filename="research-panel-codebook.csv"');
    return stringify(
      PANEL_COLUMNS.map((c) => [c.name, c.construct, c.unit, c.formula, c.sources.join('; ')]),
      { header: true, columns: ['variable', 'construct', 'unit', 'formula', 'sources'] },
    );
  }

  @Get('kmv')
  @ApiOperation({
    summary:
      'The KMV model (Morgan & Hunt 1994) estimated on the panel: each path with its standardised estimate, 95 % cluster-bootstrap interval and whether the sign matches the theory (auditor, operator)',
  })
  @ApiJsonResponse(200, KmvBody)
  getKmv(@Query() q: KmvQueryDto): Promise<KmvEstimate> {
    return this.kmv.execute({ now: this.clock.now(), replicates: q.replicates ?? 999 });
  }

  @Get('interviews')
  @ApiOperation({
    summary:
      "The closing interviews with stakeholders and their summary: themes counted across interviews (helping and hurting apart) and the constructs' ratings (auditor, operator)",
  })
  @ApiJsonResponse(200, InterviewsBody, 'pseudonymised unless an operator asked for names')
  @ApiProblems({ forbidden: '`names=true` by an auditor: `RESEARCH.NAMES_OPERATOR_ONLY`' })
  getInterviews(
    @Query() q: NamesQueryDto,
    @CurrentPrincipal() who: Principal,
  ): Promise<InterviewsReport> {
    return this.interviews.execute({ now: this.clock.now(), names: this.names(q, who) });
  }

  @Get('outcomes')
  @ApiOperation({
    summary:
      'Citizen effects and operational results per relationship, dataset and integrated view — measured and self-reported apart — and which two-source views fed which decisions (auditor, operator)',
  })
  @ApiJsonResponse(200, OutcomesBody, 'pseudonymised unless an operator asked for names')
  @ApiProblems({ forbidden: '`names=true` by an auditor: `RESEARCH.NAMES_OPERATOR_ONLY`' })
  getOutcomes(
    @Query() q: NamesQueryDto,
    @CurrentPrincipal() who: Principal,
  ): Promise<OutcomesResponse> {
    return this.outcomes.execute({ now: this.clock.now(), names: this.names(q, who) });
  }

  @Get('predictive-validity')
  @ApiOperation({
    summary:
      "Does the trust score predict next month's punctuality? Calibration (ECE, reliability diagram) and discrimination (AUC for late or missed) of the provider's score at month end, against last month's on-time rate, with each forecast's model version (auditor, operator)",
  })
  @ApiJsonResponse(200, PredictiveValidityBody, 'pseudonymised unless an operator asked for names')
  @ApiProblems({ forbidden: '`names=true` by an auditor: `RESEARCH.NAMES_OPERATOR_ONLY`' })
  getPredictiveValidity(
    @Query() q: ForecastWindowDto,
    @CurrentPrincipal() who: Principal,
  ): Promise<PredictiveValidityReport> {
    return this.validity.execute({
      now: this.clock.now(),
      names: this.names(q, who),
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    });
  }
}
