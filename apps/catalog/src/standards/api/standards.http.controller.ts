import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdoptionBody, StandardsBody } from './dto/standards.responses';
import type { Response } from 'express';
import {
  CurrentPrincipal,
  Roles,
  uuidParam,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { AdoptStandardHandler } from '../application/adopt-standard.handler';
import { ListStandardsHandler } from '../application/list-standards.handler';
import { RevokeStandardHandler } from '../application/revoke-standard.handler';
import type { Standard } from '../domain/standard-store';
import { AdoptStandardRequestDto } from './dto/adopt-standard.request.dto';

@ApiTags('standards')
@ApiBearerAuth()
@Controller()
export class StandardsHttpController {
  constructor(
    private readonly list: ListStandardsHandler,
    private readonly adopt: AdoptStandardHandler,
    private readonly revoke: RevokeStandardHandler,
  ) {}

  @Get('standards')
  @ApiOperation({ summary: 'Platform standards a participant can adopt' })
  @ApiJsonResponse(200, StandardsBody)
  standards(): Promise<{ items: Standard[] }> {
    return this.list.execute();
  }

  @Post('participants/:id/standards')
  @Roles('participant')
  @ApiOperation({ summary: 'Adopt a standard (201; 200 if already adopted)' })
  @ApiJsonResponse(201, AdoptionBody, 'adopted now')
  @ApiJsonResponse(200, AdoptionBody, 'already adopted; nothing changed')
  @ApiProblems({
    invalid: 'not a platform standard: `STANDARD.UNKNOWN`',
    forbidden: 'a participant adopts only for itself: `PARTICIPANT.NOT_SELF`',
    not_found: 'no such participant: `PARTICIPANT.NOT_FOUND`',
  })
  async adoptStandard(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AdoptStandardRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const out = await this.adopt.execute(id, body.code, principal);
    res.status(out.created ? 201 : 200);
    return out.body;
  }

  @Delete('participants/:id/standards/:code')
  @HttpCode(204)
  @Roles('participant')
  @ApiOperation({ summary: 'Revoke an adopted standard' })
  @ApiResponse({ status: 204, description: 'revoked' })
  @ApiProblems({
    forbidden: 'a participant revokes only its own: `PARTICIPANT.NOT_SELF`',
    not_found:
      'no such participant, or the standard is not adopted: `PARTICIPANT.NOT_FOUND`, `STANDARD.NOT_ADOPTED`',
  })
  revokeStandard(
    @Param('id', uuidParam('id')) id: string,
    @Param('code') code: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return this.revoke.execute(id, code, principal);
  }
}
