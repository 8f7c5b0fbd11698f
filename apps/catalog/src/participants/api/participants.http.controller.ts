import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
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
  Roles,
  uuidParam,
  type Principal,
  API_PREFIX,
  ApiProblems,
} from '@dx/service-kit';
import {
  RotateClientSecretHandler,
  type NewCredentials,
} from '../../identity/application/rotate-client-secret.handler';
import { CredentialsResponseDto } from '../../identity/api/dto/platform-client.dto';
import { GetParticipantHandler } from '../application/get-participant.handler';
import { ListParticipantsHandler } from '../application/list-participants.handler';
import { RegisterParticipantHandler } from '../application/register-participant.handler';
import { UpdateParticipantHandler } from '../application/update-participant.handler';
import { ListParticipantsQueryDto } from './dto/list-participants.query.dto';
import {
  ParticipantPageDto,
  ParticipantResponseDto,
  RegisteredParticipantResponseDto,
} from './dto/participant.response.dto';
import { RegisterParticipantRequestDto } from './dto/register-participant.request.dto';
import { UpdateParticipantRequestDto } from './dto/update-participant.request.dto';

const uuid = uuidParam('id');

@ApiTags('participants')
@ApiBearerAuth()
/**
 * `/participants`: the registry of organisations on the platform. Registration is an operator's
 * act (a participant is a legal entity the city has agreed to work with, checked by its BIN/IIN),
 * and so are profile and status changes; every authenticated caller may read the directory, since
 * knowing who else is on the platform is what a data request starts from.
 */
@Controller('participants')
export class ParticipantsHttpController {
  constructor(
    private readonly register: RegisterParticipantHandler,
    private readonly get: GetParticipantHandler,
    private readonly list: ListParticipantsHandler,
    private readonly update: UpdateParticipantHandler,
    private readonly rotate: RotateClientSecretHandler,
  ) {}

  /** Operator registers an organisation; the response holds its client secret, shown once. */
  @Post()
  @Roles('operator')
  @ApiOperation({ summary: 'Register an organisation; its client secret is shown once' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: RegisteredParticipantResponseDto })
  @ApiExtension('x-location', true)
  @ApiProblems({
    invalid: 'the legal id (BIN/IIN) fails its check digit: `PARTICIPANT.INVALID_LEGAL_ID`',
    conflict: 'an organisation with this legal id is registered: `PARTICIPANT.LEGAL_ID_TAKEN`',
  })
  async create(
    @Body() body: RegisterParticipantRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const out = await this.register.execute({
      input: body,
      operator: principal.subject,
      idempotencyKey,
    });
    // The body carries a client secret: no cache may keep it. A replay with the same
    // Idempotency-Key registers nothing and answers without the secret (it is stored nowhere).
    res.status(out.status).setHeader('Cache-Control', 'no-store');
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    const id = (out.body as { id: string }).id;
    res.setHeader('Location', `${API_PREFIX}/participants/${id}`);
    return out.body;
  }

  @Get()
  @ApiOperation({ summary: 'The participant directory (public fields), by name' })
  @ApiOkResponse({ type: ParticipantPageDto })
  directory(
    @Query() query: ListParticipantsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ParticipantPageDto> {
    return this.list.execute(query, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One participant (ETag)' })
  @ApiOkResponse({ type: ParticipantResponseDto })
  @ApiExtension('x-etag', true)
  @ApiProblems({ not_found: 'no such participant: `PARTICIPANT.NOT_FOUND`' })
  async findOne(
    @Param('id', uuid) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ParticipantResponseDto> {
    const p = await this.get.execute(id, principal);
    res.setHeader('ETag', etagOf(p.version));
    return p;
  }

  @Patch(':id')
  @Roles('operator')
  @ApiOperation({
    summary: 'Change profile fields and/or status (suspend, reinstate: reason required)',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: ParticipantResponseDto })
  @ApiProblems({
    invalid: 'suspending or reinstating needs a reason: `PARTICIPANT.REASON_REQUIRED`',
    not_found: 'no such participant: `PARTICIPANT.NOT_FOUND`',
  })
  async patch(
    @Param('id', uuid) id: string,
    @Body() body: UpdateParticipantRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ParticipantResponseDto> {
    const p = await this.update.execute({ id, patch: body, operator: principal, ifMatch });
    res.setHeader('ETag', etagOf(p.version));
    return p;
  }

  // A participant rotates its own secret (after a leak, or on a schedule) without waiting for an
  // operator; the old secret gets no new token from then on (tokens already issued run out within
  // their lifetime). 200, not 201: nothing new is addressable.
  @Post(':id/credentials')
  @HttpCode(200)
  @Roles('operator', 'participant')
  @ApiOperation({ summary: 'Rotate the client secret (the old one stops working at once)' })
  @ApiOkResponse({ type: CredentialsResponseDto })
  @ApiProblems({
    forbidden: 'a participant rotates only its own secret: `PARTICIPANT.NOT_SELF`',
    not_found: 'no such participant: `PARTICIPANT.NOT_FOUND`',
  })
  rotateCredentials(
    @Param('id', uuid) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NewCredentials> {
    res.setHeader('Cache-Control', 'no-store');
    return this.rotate.forParticipant(id, principal);
  }
}
