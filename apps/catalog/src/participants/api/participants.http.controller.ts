import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@dx/service-kit';
import { GetParticipantHandler } from '../application/get-participant.handler';
import { RegisterParticipantHandler } from '../application/register-participant.handler';
import {
  ParticipantResponseDto,
  RegisteredParticipantResponseDto,
} from './dto/participant.response.dto';
import { RegisterParticipantRequestDto } from './dto/register-participant.request.dto';

@ApiTags('participants')
@ApiBearerAuth()
@Controller('participants')
export class ParticipantsHttpController {
  constructor(
    private readonly register: RegisterParticipantHandler,
    private readonly get: GetParticipantHandler,
  ) {}

  /** Operator registers an organisation; the response holds its client secret, shown once. */
  @Post()
  @Roles('operator')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: RegisteredParticipantResponseDto })
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
    res.status(out.status);
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    const id = (out.body as { id: string }).id;
    res.setHeader('Location', `/participants/${id}`);
    return out.body;
  }

  @Get(':id')
  @ApiOkResponse({ type: ParticipantResponseDto })
  findOne(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
  ): Promise<ParticipantResponseDto> {
    return this.get.execute(id);
  }
}
