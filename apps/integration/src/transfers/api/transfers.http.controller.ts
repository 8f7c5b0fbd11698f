import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  ApiJsonResponse,
  ApiProblems,
  CurrentPrincipal,
  GrantTokenAuth,
  integerCursor,
  oneOfParam,
  Roles,
  uuidParam,
  type Principal,
} from '@dx/service-kit';
import { RecordsQueryDto } from '../../access/api/access.http.controller';
import { RecordsPageBody } from '../../access/api/access.responses';
import { ChangeTransferHandler } from '../application/change-transfer.handler';
import { GetTransferHandler } from '../application/get-transfer.handler';
import { OpenTransferHandler } from '../application/open-transfer.handler';
import { ReadTransferRecordsHandler } from '../application/read-transfer-records.handler';
import type { TransferView } from '../application/transfer-view';
import type { TransferCommand } from '../domain/transfer-grant';

const COMMANDS: readonly TransferCommand[] = ['suspend', 'resume', 'complete', 'terminate'];
const commandParam = oneOfParam('command', COMMANDS);
import { OpenTransferRequestDto, TransferCommandRequestDto } from './dto/transfer.request.dto';
import { OpenedTransferBody, TransferBody } from './transfer.responses';

const COMMAND_PROBLEMS = {
  conflict:
    'the transfer’s state does not allow it (`transferState`, `allowedCommands`): `TRANSFER.INVALID_TRANSITION`',
  not_found: 'no such transfer of yours: `TRANSFER.NOT_FOUND`',
} as const;

/**
 * Pull transfers (the data plane of the Dataspace Protocol, docs/dataspace.md §6): a consumer
 * opens one under an agreement in force and reads its records with the grant token.
 */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class TransfersHttpController {
  constructor(
    private readonly open: OpenTransferHandler,
    private readonly change: ChangeTransferHandler,
    private readonly get: GetTransferHandler,
    private readonly records: ReadTransferRecordsHandler,
  ) {}

  @Post()
  @Roles('participant')
  @ApiOperation({ summary: 'Open a pull transfer under an agreement in force (its consumer)' })
  @ApiJsonResponse(201, OpenedTransferBody, 'the transfer, STARTED, with its grant token')
  @ApiProblems({
    forbidden:
      'the caller is not the consumer, or the agreement is not in force (`agreementState`): `ACCESS.DENIED`',
    not_found: 'no such agreement: `AGREEMENT.NOT_FOUND`',
  })
  start(
    @Body() body: OpenTransferRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TransferView & { token: string }> {
    return this.open.execute(
      { agreementId: body.agreementId, ...(body.reference ? { reference: body.reference } : {}) },
      principal,
    );
  }

  @Get(':id')
  @Roles('participant')
  @ApiOperation({ summary: 'A transfer (its consumer)' })
  @ApiJsonResponse(200, TransferBody)
  @ApiProblems({ not_found: COMMAND_PROBLEMS.not_found })
  one(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TransferView> {
    return this.get.execute(id, principal);
  }

  @Post(':id/:command')
  @HttpCode(200)
  @Roles('participant')
  @ApiParam({ name: 'command', enum: COMMANDS })
  @ApiOperation({
    summary:
      'Suspend, resume, complete or terminate a transfer (its consumer); the token reads only while STARTED',
  })
  @ApiJsonResponse(200, TransferBody)
  @ApiProblems(COMMAND_PROBLEMS)
  command(
    @Param('id', uuidParam('id')) id: string,
    @Param('command', commandParam) command: TransferCommand,
    @Body() body: TransferCommandRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TransferView> {
    return this.change.execute(id, command, body.reason ?? null, principal);
  }

  @Get(':id/records')
  @GrantTokenAuth()
  @ApiOperation({
    summary:
      'Records of a STARTED transfer with its grant token: the agreement’s fields only, consent-filtered, logged',
  })
  @ApiJsonResponse(200, RecordsPageBody)
  @ApiProblems({
    unauthenticated: 'no grant token, or not this transfer’s: `TRANSFER.INVALID_TOKEN`',
    forbidden:
      'the transfer is not STARTED (`transferState`): `TRANSFER.NOT_STARTED`; the agreement is not in force: `ACCESS.DENIED`',
    invalid: 'a filter names a field the agreement does not grant: `ACCESS.FILTER_NOT_AGREED`',
  })
  read(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: RecordsQueryDto,
    @Req() req: Request,
  ): Promise<{ items: Array<Record<string, unknown>>; nextCursor: string | null }> {
    // `Bearer <token>`, or the bare token as data-space connectors send what a data address gives.
    const bearer = /^(?:Bearer\s+)?([A-Za-z0-9_-]{20,})$/i.exec(
      req.headers.authorization?.trim() ?? '',
    );
    return this.records.execute(id, bearer ? bearer[1] : null, {
      limit: query.limit,
      after: integerCursor(query.cursor),
      ...(query.since ? { since: new Date(query.since) } : {}),
      filters: (query.filter ?? []).map((f) => {
        const at = f.indexOf(':');
        return { field: f.slice(0, at), value: f.slice(at + 1) };
      }),
    });
  }
}
