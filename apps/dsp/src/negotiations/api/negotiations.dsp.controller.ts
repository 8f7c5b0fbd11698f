import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  UseFilters,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblems, CurrentPrincipal, Roles, type Principal } from '@dx/service-kit';
import { bearerOf } from '../../protocol/api/bearer';
import { DspErrorFilter } from '../../protocol/api/dsp-error.filter';
import { dspBody, DspOperation } from '../../protocol/api/dsp-openapi';
import {
  readContractRequest,
  readNegotiationEvent,
  readProcessMessage,
  validMessage,
} from '../../protocol/domain/messages';
import { NegotiationMessagesHandler } from '../application/negotiation-messages.handler';
import { RequestNegotiationHandler } from '../application/request-negotiation.handler';
import { negotiationResource } from '../domain/peer-messages';

/** DSP 2025-1 contract negotiation protocol, provider side, HTTPS binding. */
@ApiTags('dataspace protocol')
@ApiBearerAuth()
@UseFilters(DspErrorFilter)
@Controller({ path: 'dsp/2025-1/negotiations', version: VERSION_NEUTRAL })
export class NegotiationsDspController {
  constructor(
    private readonly request: RequestNegotiationHandler,
    private readonly messages: NegotiationMessagesHandler,
  ) {}

  @Post('request')
  @HttpCode(201)
  @Roles('participant')
  @ApiOperation({ summary: 'ContractRequestMessage (initial): request one of our offers' })
  @ApiBody({ schema: dspBody('ContractRequestMessage', 'a DSP 2025-1 ContractRequestMessage') })
  @DspOperation(201, 'ContractNegotiation', 'the negotiation, REQUESTED (or further)')
  @ApiProblems({
    unprocessable:
      'consent refuses the terms: its code (e.g. `AGREEMENT.INVALID_TERMS`) and each field',
  })
  async start(
    @Body() body: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const msg = validMessage(readContractRequest(body), 'ContractRequestMessage');
    return negotiationResource(await this.request.execute(msg, principal, bearerOf(req)));
  }

  @Get(':pid')
  @Roles('participant')
  @ApiOperation({ summary: 'A negotiation of yours' })
  @DspOperation(200, 'ContractNegotiation', 'the negotiation and its state')
  async one(
    @Param('pid') pid: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return negotiationResource(await this.messages.get(pid, principal));
  }

  @Post(':pid/request')
  @HttpCode(200)
  @Roles('participant')
  @ApiOperation({
    summary: 'ContractRequestMessage (counter): answer our counter-offer with terms of yours',
  })
  @ApiBody({ schema: dspBody('ContractRequestMessage', 'a DSP 2025-1 ContractRequestMessage') })
  @DspOperation(200, 'ContractNegotiation', 'the negotiation, REQUESTED (or further)')
  @ApiProblems({
    conflict: 'the negotiation is not OFFERED: `DSP.INVALID_STATE` (`state`)',
    unprocessable:
      'consent refuses the terms: its code (e.g. `AGREEMENT.INVALID_TERMS`) and each field',
  })
  async counter(
    @Param('pid') pid: string,
    @Body() body: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const msg = validMessage(readContractRequest(body), 'ContractRequestMessage');
    return negotiationResource(
      await this.messages.counterRequest(pid, msg, principal, bearerOf(req)),
    );
  }

  @Post(':pid/events')
  @HttpCode(200)
  @Roles('participant')
  @ApiOperation({ summary: 'ContractNegotiationEventMessage ACCEPTED: accept our counter-offer' })
  @ApiBody({ schema: dspBody('ContractNegotiationEventMessage', 'a DSP 2025-1 message') })
  @DspOperation(200, 'ContractNegotiation', 'the negotiation, ACCEPTED (or AGREED)')
  @ApiProblems({ conflict: 'the negotiation is not OFFERED: `DSP.INVALID_STATE` (`state`)' })
  async event(
    @Param('pid') pid: string,
    @Body() body: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const msg = validMessage(readNegotiationEvent(body), 'ContractNegotiationEventMessage');
    return negotiationResource(await this.messages.accept(pid, msg, principal, bearerOf(req)));
  }

  @Post(':pid/agreement/verification')
  @HttpCode(200)
  @Roles('participant')
  @ApiOperation({ summary: 'ContractAgreementVerificationMessage: the provider finalizes' })
  @ApiBody({ schema: dspBody('ContractAgreementVerificationMessage', 'a DSP 2025-1 message') })
  @DspOperation(200, 'ContractNegotiation', 'the negotiation, FINALIZED')
  @ApiProblems({ conflict: 'the negotiation is not AGREED: `DSP.INVALID_STATE` (`state`)' })
  async verify(
    @Param('pid') pid: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const msg = validMessage(
      readProcessMessage(body, 'ContractAgreementVerificationMessage'),
      'ContractAgreementVerificationMessage',
    );
    return negotiationResource(await this.messages.verify(pid, msg, principal));
  }

  @Post(':pid/termination')
  @HttpCode(200)
  @Roles('participant')
  @ApiOperation({ summary: 'ContractNegotiationTerminationMessage: the consumer ends it' })
  @ApiBody({ schema: dspBody('ContractNegotiationTerminationMessage', 'a DSP 2025-1 message') })
  @DspOperation(200, 'ContractNegotiation', 'the negotiation, TERMINATED')
  @ApiProblems({ conflict: 'the negotiation has ended already: `DSP.INVALID_STATE` (`state`)' })
  async terminate(
    @Param('pid') pid: string,
    @Body() body: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const msg = validMessage(
      readProcessMessage(body, 'ContractNegotiationTerminationMessage'),
      'ContractNegotiationTerminationMessage',
    );
    return negotiationResource(await this.messages.terminate(pid, msg, principal, bearerOf(req)));
  }
}
