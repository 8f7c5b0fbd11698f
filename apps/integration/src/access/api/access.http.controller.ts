import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import {
  CurrentPrincipal,
  integerCursor,
  ListQueryDto,
  Roles,
  uuidParam,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { ListAccessLogHandler } from '../application/list-access-log.handler';
import { ReadRecordsHandler } from '../application/read-records.handler';
import { VerifyAccessLogHandler } from '../application/verify-access-log.handler';
import { AccessLogPageBody, ChainVerificationBody, RecordsPageBody } from './access.responses';
import { type AccessLogEntry } from '../queries/access.queries';

export class RecordsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description:
      'only records that became current at or after this time (incremental sync by time; a record may come twice, never be missed)',
    example: '2026-03-02T10:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({
    description: 'equality on an agreed field, `field:value`; repeat for several (all must hold)',
    example: ['district:Almaly'],
    type: [String],
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String),
  )
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,62}:.{0,200}$/s, {
    each: true,
    message: 'filter must be field:value',
  })
  filter?: string[];
}

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
  @ApiJsonResponse(200, RecordsPageBody)
  @ApiProblems({
    invalid: 'a filter names a field the agreement does not grant: `ACCESS.FILTER_NOT_AGREED`',
    forbidden:
      'the caller is not the consumer, or the agreement is not in force (`agreementState`): `ACCESS.DENIED`',
    not_found: 'no such agreement: `AGREEMENT.NOT_FOUND`',
  })
  records(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: RecordsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: Array<Record<string, unknown>>; nextCursor: string | null }> {
    const after = integerCursor(query.cursor);
    const filters = (query.filter ?? []).map((f) => {
      const at = f.indexOf(':');
      return { field: f.slice(0, at), value: f.slice(at + 1) };
    });
    return this.read.execute(id, principal, {
      limit: query.limit,
      after,
      ...(query.since ? { since: new Date(query.since) } : {}),
      filters,
    });
  }

  @Get('access-log')
  @Roles('participant', 'auditor', 'operator')
  @ApiOperation({
    summary:
      'Access-log entries: a party sees its agreements’ reads; auditors and operators all (?agreementId=)',
  })
  @ApiJsonResponse(200, AccessLogPageBody)
  accessLog(
    @Query() query: AccessLogQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: AccessLogEntry[]; nextCursor: string | null }> {
    const after = integerCursor(query.cursor);
    return this.log.execute(principal, {
      agreementId: query.agreementId,
      limit: query.limit,
      after,
    });
  }

  @Get('access-log/verify')
  @Roles('auditor', 'operator')
  @ApiOperation({ summary: 'Recompute the access-log hash chain; names the first broken link' })
  @ApiJsonResponse(200, ChainVerificationBody)
  verifyLog(): Promise<{
    entries: number;
    intact: boolean;
    firstBrokenLink: { seq: number; reason: string } | null;
  }> {
    return this.verify.execute();
  }
}
