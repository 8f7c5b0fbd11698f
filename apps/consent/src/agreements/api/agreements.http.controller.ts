import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiExtension,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CurrentPrincipal,
  etagOf,
  ListQueryDto,
  Roles,
  uuidParam,
  type IdempotentOutcome,
  type Page,
  type Principal,
  API_PREFIX,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { AcceptTermsHandler } from '../application/accept-terms.handler';
import { GetAgreementHandler } from '../application/get-agreement.handler';
import { GiveNoticeHandler } from '../application/give-notice.handler';
import { ListAgreementsHandler, type AgreementSummary } from '../queries/list-agreements.query';
import { MakeOfferHandler } from '../application/make-offer.handler';
import { ProposeChangeHandler } from '../application/propose-change.handler';
import { PublicRegisterHandler, type RegisterEntry } from '../queries/public-register.query';
import { RejectAgreementHandler } from '../application/reject-agreement.handler';
import { RequestAgreementHandler } from '../application/request-agreement.handler';
import { ResumeAgreementHandler } from '../application/resume-agreement.handler';
import { SuspendAgreementHandler } from '../application/suspend-agreement.handler';
import { WithdrawAgreementHandler } from '../application/withdraw-agreement.handler';
import { AgreementResponseDto } from './dto/agreement.response.dto';
import { ListAgreementsQueryDto } from './dto/list-agreements.query.dto';
import {
  AcceptDto,
  NoticeDto,
  ReasonDto,
  RequestAgreementDto,
  TermsChangeDto,
} from './dto/terms.dto';
import { AgreementPageBody, RegisterPageBody } from './dto/agreement-lists.responses';

const id = uuidParam('id');
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'the ETag (version) last read; 412 if stale',
};
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false };

/** Sends a command's outcome with its status, ETag and replay marker. */
function reply(res: Response, out: IdempotentOutcome): AgreementResponseDto {
  const body = out.body as AgreementResponseDto;
  res.status(out.status).setHeader('ETag', etagOf(body.version));
  if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return body;
}

/**
 * Agreements over HTTP: one command endpoint per move of the negotiation and the life after it
 * (docs/adr/2026-11-26-consent-agreements.md), each an action on the one authoritative agreement
 * record rather than a PATCH of its state, because each move has its own rule, its own evidence for
 * trust and its own event. Every command takes If-Match and Idempotency-Key and answers the
 * agreement as it now stands; who may make which move is decided in the domain, not here.
 */
@ApiTags('agreements')
@ApiBearerAuth()
@Controller()
export class AgreementsHttpController {
  constructor(
    private readonly request: RequestAgreementHandler,
    private readonly offer: MakeOfferHandler,
    private readonly acceptTerms: AcceptTermsHandler,
    private readonly rejectAgreement: RejectAgreementHandler,
    private readonly withdrawAgreement: WithdrawAgreementHandler,
    private readonly suspendAgreement: SuspendAgreementHandler,
    private readonly resumeAgreement: ResumeAgreementHandler,
    private readonly giveNotice: GiveNoticeHandler,
    private readonly proposeChange: ProposeChangeHandler,
    private readonly getAgreement: GetAgreementHandler,
    private readonly listAgreements: ListAgreementsHandler,
    private readonly register: PublicRegisterHandler,
  ) {}

  // Only a participant asks for data; the caller is the consumer of the agreement it opens.
  @Post('agreements')
  @Roles('participant')
  @ApiOperation({
    summary: 'Request a dataset under proposed terms (the caller is the consumer) → REQUESTED',
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: AgreementResponseDto })
  @ApiExtension('x-location', true)
  @ApiExtension('x-etag', true)
  @ApiProblems({
    unprocessable:
      'the dataset cannot be requested, or the terms are not acceptable: `AGREEMENT.UNKNOWN_DATASET`, `AGREEMENT.DATASET_NOT_AVAILABLE`, `AGREEMENT.OWN_DATASET`, `AGREEMENT.INVALID_TERMS`, `AGREEMENT.INVALID_RECIPROCAL`',
  })
  async create(
    @Body() body: RequestAgreementDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    const out = reply(res, await this.request.execute(body, principal, key));
    res.setHeader('Location', `${API_PREFIX}/agreements/${out.id}`);
    return out;
  }

  @Post('agreements/:id/offers')
  @Roles('participant')
  @ApiOperation({
    summary:
      'Counter-offer: a new term version (name only what changes); earlier acceptances lapse',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiProblems({
    forbidden: 'the caller may not make this move in its role (`AGREEMENT.NOT_ALLOWED_FOR_ROLE`)',
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
    conflict:
      'not allowed in the current state (`allowedTransitions` lists what is): `AGREEMENT.INVALID_TRANSITION`',
    unprocessable:
      'the terms are not acceptable (each in `errors`): `AGREEMENT.INVALID_TERMS`, `AGREEMENT.VALID_FROM_FIXED`',
  })
  async offers(
    @Param('id', id) agreementId: string,
    @Body() body: TermsChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    return reply(res, await this.offer.execute(agreementId, body, principal, ifMatch, key));
  }

  // An acceptance names the term version it accepts: nobody accepts terms they have not seen, and
  // a counter-offer made meanwhile makes an old acceptance a 409, not a silent agreement.
  @Post('agreements/:id/accept')
  @Roles('participant')
  @ApiOperation({
    summary:
      'Accept a term version; both sides → AGREED (ACTIVE from validFrom), or the amendment/renewal is in force',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiProblems({
    forbidden: 'the caller may not make this move in its role (`AGREEMENT.NOT_ALLOWED_FOR_ROLE`)',
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
    conflict:
      'not allowed in the current state (`allowedTransitions` lists what is): `AGREEMENT.INVALID_TRANSITION`; the term version is not the latest: `AGREEMENT.STALE_TERMS`; already accepted: `AGREEMENT.ALREADY_ACCEPTED`; no open proposal: `AGREEMENT.NOTHING_TO_ACCEPT`',
  })
  async accept(
    @Param('id', id) agreementId: string,
    @Body() body: AcceptDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    return reply(res, await this.acceptTerms.execute(agreementId, body, principal, ifMatch, key));
  }

  @Post('agreements/:id/reject')
  @Roles('participant')
  @ApiOperation({ summary: 'End the negotiation: REJECTED' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiProblems({
    forbidden: 'the caller may not make this move in its role (`AGREEMENT.NOT_ALLOWED_FOR_ROLE`)',
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
    conflict:
      'not allowed in the current state (`allowedTransitions` lists what is): `AGREEMENT.INVALID_TRANSITION`',
  })
  async reject(
    @Param('id', id) agreementId: string,
    @Body() body: ReasonDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    return reply(
      res,
      await this.rejectAgreement.execute(agreementId, body, principal, ifMatch, key),
    );
  }

  @Post('agreements/:id/withdraw')
  @Roles('participant')
  @ApiOperation({ summary: 'Leave the negotiation: WITHDRAWN' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiProblems({
    forbidden: 'the caller may not make this move in its role (`AGREEMENT.NOT_ALLOWED_FOR_ROLE`)',
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
    conflict:
      'not allowed in the current state (`allowedTransitions` lists what is): `AGREEMENT.INVALID_TRANSITION`',
  })
  async withdraw(
    @Param('id', id) agreementId: string,
    @Body() body: ReasonDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    return reply(
      res,
      await this.withdrawAgreement.execute(agreementId, body, principal, ifMatch, key),
    );
  }

  // The provider or an operator suspends and resumes (the domain's ISSUERS table): the platform
  // may have to stop a relationship, e.g. during an investigation, without waiting for a party.
  @Post('agreements/:id/suspend')
  @Roles('participant', 'operator')
  @ApiOperation({ summary: 'Suspend an active agreement (provider or operator), with a reason' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiProblems({
    forbidden: 'the caller may not make this move in its role (`AGREEMENT.NOT_ALLOWED_FOR_ROLE`)',
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
    conflict:
      'not allowed in the current state (`allowedTransitions` lists what is): `AGREEMENT.INVALID_TRANSITION`',
  })
  async suspend(
    @Param('id', id) agreementId: string,
    @Body() body: ReasonDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    return reply(
      res,
      await this.suspendAgreement.execute(agreementId, body, principal, ifMatch, key),
    );
  }

  @Post('agreements/:id/resume')
  @Roles('participant', 'operator')
  @ApiOperation({ summary: 'Resume a suspended agreement (provider or operator)' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiProblems({
    forbidden: 'the caller may not make this move in its role (`AGREEMENT.NOT_ALLOWED_FOR_ROLE`)',
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
    conflict:
      'not allowed in the current state (`allowedTransitions` lists what is): `AGREEMENT.INVALID_TRANSITION`',
  })
  async resume(
    @Param('id', id) agreementId: string,
    @Body() body: ReasonDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    return reply(
      res,
      await this.resumeAgreement.execute(agreementId, body, principal, ifMatch, key),
    );
  }

  // Short notice is accepted and recorded (noticeRespected: false): a party cannot be held in an
  // agreement, but breaking the promised notice is evidence for trust.
  @Post('agreements/:id/notice')
  @Roles('participant', 'operator')
  @ApiOperation({
    summary:
      'Give notice {reason, effectiveAt}; less than the agreed notice period is recorded as a breach',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiProblems({
    invalid: 'effectiveAt is in the past: `AGREEMENT.NOTICE_IN_PAST`',
    forbidden: 'the caller may not make this move in its role (`AGREEMENT.NOT_ALLOWED_FOR_ROLE`)',
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
    conflict:
      'not allowed in the current state (`allowedTransitions` lists what is): `AGREEMENT.INVALID_TRANSITION`',
  })
  async notice(
    @Param('id', id) agreementId: string,
    @Body() body: NoticeDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    return reply(res, await this.giveNotice.execute(agreementId, body, principal, ifMatch, key));
  }

  // Amendments and renewals are new term versions that need both acceptances; the terms in force
  // stay until then, so a proposal never changes what the consumer may read.
  @Post('agreements/:id/amendments')
  @Roles('participant')
  @ApiOperation({
    summary:
      'Propose an amendment (new term version; the current terms stay in force until both accept)',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiProblems({
    forbidden: 'the caller may not make this move in its role (`AGREEMENT.NOT_ALLOWED_FOR_ROLE`)',
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
    conflict:
      'not allowed in the current state (`allowedTransitions` lists what is): `AGREEMENT.INVALID_TRANSITION`',
    unprocessable:
      'the terms are not acceptable (each in `errors`): `AGREEMENT.INVALID_TERMS`, `AGREEMENT.VALID_FROM_FIXED`, `AGREEMENT.RENEWAL_NOT_LONGER`',
  })
  async amend(
    @Param('id', id) agreementId: string,
    @Body() body: TermsChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    return reply(
      res,
      await this.proposeChange.execute('amendment', agreementId, body, principal, ifMatch, key),
    );
  }

  @Post('agreements/:id/renewals')
  @Roles('participant')
  @ApiOperation({ summary: 'Propose a renewal (a later validTo; needs both acceptances)' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiProblems({
    forbidden: 'the caller may not make this move in its role (`AGREEMENT.NOT_ALLOWED_FOR_ROLE`)',
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
    conflict:
      'not allowed in the current state (`allowedTransitions` lists what is): `AGREEMENT.INVALID_TRANSITION`',
    unprocessable:
      'the terms are not acceptable (each in `errors`): `AGREEMENT.INVALID_TERMS`, `AGREEMENT.VALID_FROM_FIXED`, `AGREEMENT.RENEWAL_NOT_LONGER`',
  })
  async renew(
    @Param('id', id) agreementId: string,
    @Body() body: TermsChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    return reply(
      res,
      await this.proposeChange.execute('renewal', agreementId, body, principal, ifMatch, key),
    );
  }

  @Get('agreements')
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({
    summary:
      "A participant's own agreements (?role=provider|consumer&state=); operators and auditors see all",
  })
  @ApiJsonResponse(200, AgreementPageBody)
  list(
    @Query() query: ListAgreementsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<AgreementSummary>> {
    return this.listAgreements.execute(query, principal);
  }

  @Get('agreements/:id')
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({
    summary: 'An agreement with every term version and transition (parties, operators, auditors)',
  })
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiExtension('x-etag', true)
  @ApiProblems({
    not_found: 'no such agreement, or the caller is not a party: `AGREEMENT.NOT_FOUND`',
  })
  async findOne(
    @Param('id', id) agreementId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementResponseDto> {
    const a = await this.getAgreement.execute(agreementId, principal);
    res.setHeader('ETag', etagOf(a.version));
    return a;
  }

  // Any authenticated caller, not only the parties: who shares which dataset for what purpose is
  // meant to be visible across the platform; commercial terms stay out of it.
  @Get('register')
  @ApiOperation({
    summary:
      'Public register: agreements in force, parties, dataset, purpose and validity (no commercial terms)',
  })
  @ApiJsonResponse(200, RegisterPageBody)
  publicRegister(@Query() query: ListQueryDto): Promise<Page<RegisterEntry>> {
    return this.register.execute(query.limit, query.cursor);
  }
}
