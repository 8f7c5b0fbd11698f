import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Page, type Principal } from '@dx/service-kit';
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
  find(
    @Query() query: ListConsentsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<ConsentListItem>> {
    return this.list.execute(query, principal);
  }
}
