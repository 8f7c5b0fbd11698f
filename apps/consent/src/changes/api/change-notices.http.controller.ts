import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CurrentPrincipal,
  Roles,
  uuidParam,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { AnnounceChangeHandler } from '../application/announce-change.handler';
import { AnnounceChangeDto } from './dto/announce-change.dto';
import { ChangeNoticeBody } from './dto/change-notice.responses';

@ApiTags('change notices')
@ApiBearerAuth()
@Controller()
export class ChangeNoticesHttpController {
  constructor(private readonly announce: AnnounceChangeHandler) {}

  @Post('datasets/:id/change-notices')
  @Roles('participant')
  @ApiOperation({
    summary:
      'Provider announces a schema change or outage to every consumer in force; says per agreement whether the notice suffices',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiJsonResponse(201, ChangeNoticeBody, 'the notice and its effect on each agreement in force')
  @ApiProblems({
    invalid: 'effectiveAt is in the past: `CHANGE.EFFECTIVE_IN_PAST`',
    forbidden: 'only the provider announces: `DATASET.NOT_PROVIDER`',
    not_found: 'no such dataset: `DATASET.NOT_FOUND`',
  })
  async create(
    @Param('id', uuidParam('id')) datasetId: string,
    @Body() body: AnnounceChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const out = await this.announce.execute(datasetId, body, principal, key);
    res.status(out.status);
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return out.body;
  }
}
