import { Controller, Get, Param, ParseUUIDPipe, Query, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { AppError, type TrustRole } from '@dx/contracts';
import { ReadTrustHandler } from '../application/read-trust.handler';
import { CLOCK, type Clock, ApiJsonResponse, ApiProblems } from '@dx/service-kit';
import { CommitmentBody, HistoryBody, LeaderboardBody } from './trust-read.responses';

export class HistoryQueryDto {
  @ApiPropertyOptional({ enum: ['provider', 'consumer'] })
  @IsOptional()
  @IsIn(['provider', 'consumer'])
  role?: TrustRole;
  @ApiPropertyOptional({ description: 'ISO time; default 365 days ago' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'ISO time; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class LeaderboardQueryDto {
  @ApiPropertyOptional({ enum: ['provider', 'consumer'] })
  @IsOptional()
  @IsIn(['provider', 'consumer'])
  role?: TrustRole;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
}

@ApiTags('trust')
@ApiBearerAuth()
@Controller()
export class TrustReadHttpController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly read: ReadTrustHandler,
  ) {}

  @Get('participants/:id/trust/history')
  @ApiOperation({
    summary: 'A participant’s score over time, one point per rescoring (any authenticated caller)',
  })
  @ApiJsonResponse(200, HistoryBody)
  @ApiProblems({ invalid: '`from` is after `to`: `TRUST.INVALID_RANGE`' })
  history(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Query() q: HistoryQueryDto,
  ) {
    const to = q.to ? new Date(q.to) : this.clock.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 365 * 86_400_000);
    if (from > to)
      throw new AppError('invalid', 'TRUST.INVALID_RANGE', 'from must not be after to', [
        { path: 'from', message: 'is after to' },
      ]);
    return this.read.history(id, q.role ?? 'provider', from, to);
  }

  @Get('participants/:id/commitment')
  @ApiOperation({
    summary:
      'The commitment index and its components, kept apart from trust (any authenticated caller)',
  })
  @ApiJsonResponse(200, CommitmentBody)
  @ApiProblems({ not_found: 'the participant is not known to trust: `TRUST.PROFILE_NOT_FOUND`' })
  commitment(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string) {
    return this.read.commitment(id);
  }

  @Get('trust/leaderboard')
  @ApiOperation({ summary: 'Participants ranked by the conservative lower bound of their score' })
  @ApiJsonResponse(200, LeaderboardBody)
  leaderboard(@Query() q: LeaderboardQueryDto) {
    return this.read.leaderboard(q.role ?? 'provider', q.limit);
  }
}
