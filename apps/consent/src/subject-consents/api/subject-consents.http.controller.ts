import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CurrentPrincipal,
  Roles,
  type Page,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import {
  ListSubjectConsentsHandler,
  type ConsentListItem,
} from '../application/list-subject-consents.handler';
import {
  RecordSubjectConsentHandler,
  type ConsentRecordView,
} from '../application/record-subject-consent.handler';
import {
  RequestErasureHandler,
  type ErasureRequestView,
} from '../application/request-erasure.handler';
import {
  ErasureRequestDto,
  ListConsentsQueryDto,
  RecordConsentDto,
} from './dto/record-consent.dto';
import {
  ConsentPageBody,
  ConsentRecordBody,
  ErasureRequestBody,
} from './dto/subject-consent.responses';

@ApiTags('subject consents')
@ApiBearerAuth()
/**
 * Data subjects' consents, recorded by whoever holds the relationship with the subject: the
 * dataset's provider, or an operator (docs/adr/2026-11-26-consent-agreements.md §11). Subjects are
 * pseudonyms; no name ever reaches the platform through this API.
 */
@Controller('subject-consents')
export class SubjectConsentsHttpController {
  constructor(
    private readonly record: RecordSubjectConsentHandler,
    private readonly list: ListSubjectConsentsHandler,
    private readonly erasure: RequestErasureHandler,
  ) {}

  // 202: the request is recorded now and the erasure happens in integration, which owns the
  // records, once it consumes the event (rows, history and quarantined copies, then a
  // `records.erased` event as the confirmation).
  @Post('erasure-requests')
  @HttpCode(202)
  @Roles('participant', 'operator')
  @ApiOperation({
    summary:
      "Record a subject's erasure request for a dataset; 202: the integration service erases the rows and confirms with integration.records.erased",
  })
  @ApiJsonResponse(202, ErasureRequestBody, 'recorded; integration erases and confirms')
  @ApiProblems({
    forbidden: "only the dataset's provider or an operator: `CONSENT.NOT_PROVIDER`",
    unprocessable:
      'the dataset is not known, or has no subject field: `CONSENT.UNKNOWN_DATASET`, `CONSENT.NO_SUBJECTS`',
  })
  requestErasure(
    @Body() body: ErasureRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ErasureRequestView> {
    return this.erasure.execute(body, principal);
  }

  @Post()
  @Roles('participant', 'operator')
  @ApiOperation({
    summary:
      "Record a subject's consent (given / withdrawn) for a dataset and purpose; 201 when it changed, 200 when already so",
  })
  @ApiJsonResponse(201, ConsentRecordBody, 'the consent changed')
  @ApiJsonResponse(200, ConsentRecordBody, 'the consent already had this status; nothing changed')
  @ApiProblems({
    invalid: 'expiresAt is in the past: `CONSENT.EXPIRY_IN_PAST`',
    forbidden: "only the dataset's provider or an operator: `CONSENT.NOT_PROVIDER`",
    unprocessable:
      'the dataset is not known, or the dataset has no subject field: `CONSENT.UNKNOWN_DATASET`, `CONSENT.NO_SUBJECTS`',
  })
  async create(
    @Body() body: RecordConsentDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsentRecordView> {
    const out = await this.record.execute(body, principal);
    res.status(out.changed ? 201 : 200);
    return out;
  }

  @Get()
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({ summary: 'Consent records with history (a provider sees its datasets’ records)' })
  @ApiJsonResponse(200, ConsentPageBody)
  find(
    @Query() query: ListConsentsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<ConsentListItem>> {
    return this.list.execute(query, principal);
  }
}
