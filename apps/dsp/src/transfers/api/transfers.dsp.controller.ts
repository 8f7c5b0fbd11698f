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
  readProcessMessage,
  readTransferRequest,
  type DspMessageType,
  validMessage,
} from '../../protocol/domain/messages';
import { TransferProcessHandler } from '../application/transfer-process.handler';
import { transferResource } from '../domain/transfer-messages';

const OUT_OF_TURN = {
  conflict: 'the transfer’s state does not take it: `DSP.INVALID_STATE` (`state`)',
};

/** DSP 2025-1 transfer process protocol, provider side, HTTPS binding (HTTP pull). */
@ApiTags('dataspace protocol')
@ApiBearerAuth()
@UseFilters(DspErrorFilter)
@Controller({ path: 'dsp/2025-1/transfers', version: VERSION_NEUTRAL })
export class TransfersDspController {
  constructor(private readonly transfers: TransferProcessHandler) {}

  @Post('request')
  @HttpCode(201)
  @Roles('participant')
  @ApiOperation({ summary: 'TransferRequestMessage: pull an agreement’s records (HttpData-PULL)' })
  @ApiBody({ schema: dspBody('TransferRequestMessage', 'a DSP 2025-1 TransferRequestMessage') })
  @DspOperation(201, 'TransferProcess', 'the transfer; the start, with where to pull, follows')
  async request(
    @Body() body: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const msg = validMessage(readTransferRequest(body), 'TransferRequestMessage');
    return transferResource(await this.transfers.request(msg, principal, bearerOf(req)));
  }

  @Get(':pid')
  @Roles('participant')
  @ApiOperation({ summary: 'A transfer of yours' })
  @DspOperation(200, 'TransferProcess', 'the transfer and its state')
  async one(
    @Param('pid') pid: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return transferResource(await this.transfers.get(pid, principal));
  }

  private async move(
    pid: string,
    command: 'suspend' | 'resume' | 'complete' | 'terminate',
    type: DspMessageType,
    body: unknown,
    req: Request,
    principal: Principal,
  ): Promise<Record<string, unknown>> {
    const msg = validMessage(readProcessMessage(body, type), type);
    return transferResource(
      await this.transfers.command(pid, command, msg, principal, bearerOf(req)),
    );
  }

  @Post(':pid/start')
  @HttpCode(200)
  @Roles('participant')
  @ApiOperation({ summary: 'TransferStartMessage: restart a suspended transfer' })
  @ApiBody({ schema: dspBody('TransferStartMessage', 'a DSP 2025-1 message') })
  @DspOperation(200, 'TransferProcess', 'the transfer, STARTED')
  @ApiProblems(OUT_OF_TURN)
  start(
    @Param('pid') pid: string,
    @Body() body: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return this.move(pid, 'resume', 'TransferStartMessage', body, req, principal);
  }

  @Post(':pid/suspension')
  @HttpCode(200)
  @Roles('participant')
  @ApiOperation({ summary: 'TransferSuspensionMessage: the token stops reading' })
  @ApiBody({ schema: dspBody('TransferSuspensionMessage', 'a DSP 2025-1 message') })
  @DspOperation(200, 'TransferProcess', 'the transfer, SUSPENDED')
  @ApiProblems(OUT_OF_TURN)
  suspend(
    @Param('pid') pid: string,
    @Body() body: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return this.move(pid, 'suspend', 'TransferSuspensionMessage', body, req, principal);
  }

  @Post(':pid/completion')
  @HttpCode(200)
  @Roles('participant')
  @ApiOperation({ summary: 'TransferCompletionMessage: the consumer is done' })
  @ApiBody({ schema: dspBody('TransferCompletionMessage', 'a DSP 2025-1 message') })
  @DspOperation(200, 'TransferProcess', 'the transfer, COMPLETED')
  @ApiProblems(OUT_OF_TURN)
  complete(
    @Param('pid') pid: string,
    @Body() body: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return this.move(pid, 'complete', 'TransferCompletionMessage', body, req, principal);
  }

  @Post(':pid/termination')
  @HttpCode(200)
  @Roles('participant')
  @ApiOperation({ summary: 'TransferTerminationMessage: the transfer ends for good' })
  @ApiBody({ schema: dspBody('TransferTerminationMessage', 'a DSP 2025-1 message') })
  @DspOperation(200, 'TransferProcess', 'the transfer, TERMINATED')
  @ApiProblems(OUT_OF_TURN)
  terminate(
    @Param('pid') pid: string,
    @Body() body: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return this.move(pid, 'terminate', 'TransferTerminationMessage', body, req, principal);
  }
}
