import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { AppError } from '@dx/contracts';
import { CurrentPrincipal, ListQueryDto, Roles, uuidParam, type Principal } from '@dx/service-kit';
import { ListAccessLogHandler } from '../application/list-access-log.handler';
import { ReadRecordsHandler } from '../application/read-records.handler';
import { VerifyAccessLogHandler } from '../application/verify-access-log.handler';

export class AccessLogQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('4') agreementId?: string;
}

@ApiTags('governed access')
@ApiBearerAuth()
@Controller()
export class AccessHttpController {
  constructor(
    private readonly read: ReadRecordsHandler,
    private readonly verify: VerifyAccessLogHandler,
    private readonly log: ListAccessLogHandler,
  ) {}

  @Get('agreements/:id/records')
  @Roles('participant')
  @ApiOperation({
    summary:
      'Records under an agreement in force, projected to the agreed fields, consent-filtered, logged',
  })
  records(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const after = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isSafeInteger(after) || after < 0)
      throw new AppError(
        'invalid',
        'REQUEST.INVALID_CURSOR',
        'the cursor is not one this list issued',
        [{ path: 'cursor', message: 'is not a cursor from this list' }],
      );
    return this.read.execute(id, principal, { limit: query.limit, after });
  }

  @Get('access-log')
  @Roles('participant', 'auditor', 'operator')
  @ApiOperation({
    summary:
      'Access-log entries: a party sees its agreements’ reads; auditors and operators all (?agreementId=)',
  })
  accessLog(
    @Query() query: AccessLogQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const after = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isSafeInteger(after) || after < 0)
      throw new AppError(
        'invalid',
        'REQUEST.INVALID_CURSOR',
        'the cursor is not one this list issued',
        [{ path: 'cursor', message: 'is not a cursor from this list' }],
      );
    return this.log.execute(principal, {
      agreementId: query.agreementId,
      limit: query.limit,
      after,
    });
  }

  @Get('access-log/verify')
  @Roles('auditor', 'operator')
  @ApiOperation({ summary: 'Recompute the access-log hash chain; names the first broken link' })
  verifyLog(): Promise<{
    entries: number;
    intact: boolean;
    firstBrokenLink: { seq: number; reason: string } | null;
  }> {
    return this.verify.execute();
  }
}
