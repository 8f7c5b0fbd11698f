import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import { scoreView } from '../domain/prior-profile';
import { TrustProfileOrmEntity } from '../persistence/trust-profile.orm-entity';

export class TrustQueryDto {
  @IsOptional()
  @IsIn(['provider', 'consumer'])
  role?: 'provider' | 'consumer';
}

export class TrustProfileResponseDto {
  @ApiProperty() participantId!: string;
  @ApiProperty({ enum: ['provider', 'consumer'] }) role!: string;
  @ApiProperty({ enum: ['global'] }) scope!: 'global';
  @ApiProperty() score!: number;
  @ApiProperty() lowerBound!: number;
  @ApiProperty() uncertainty!: number;
  @ApiProperty({ enum: ['High', 'Established', 'Provisional', 'Low'] }) tier!: string;
  @ApiProperty() baseRate!: number;
  @ApiProperty() evidenceTotal!: number;
  @ApiProperty() modelVersion!: string;
  @ApiProperty() computedAt!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'per dimension: weight, r, s, b, d, u, P, lowerBound, contribution, trend90d',
  })
  dimensions!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) capsApplied!: unknown[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'unresolved allegations, not counted',
  })
  pending!: unknown[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'events with deltaScore = T − T without them, and a reason',
  })
  topNegative!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) topPositive!: unknown[];
  @ApiProperty({ type: [String] }) howToImprove!: string[];
}

@ApiTags('trust')
@ApiBearerAuth()
@Controller('participants')
export class TrustHttpController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A participant's global trust for one role (default provider), with its explanation (TRUST-MODEL.md
   * §b.13) as of the last evidence: dimensions, caps, pending allegations, top events with their
   * counterfactual effect, how to improve, model version. Any authenticated caller.
   */
  @Get(':id/trust')
  @ApiQuery({ name: 'role', required: false, enum: ['provider', 'consumer'] })
  @ApiOkResponse({ type: TrustProfileResponseDto })
  async get(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Query() query: TrustQueryDto,
  ): Promise<TrustProfileResponseDto> {
    const role = query.role ?? 'provider';
    const [snapshot] = await this.dataSource.query<Array<{ explanation: TrustProfileResponseDto }>>(
      `SELECT explanation FROM trust.snapshots WHERE participant_id = $1 AND role = $2 ORDER BY computed_at DESC LIMIT 1`,
      [id, role],
    );
    if (snapshot) return snapshot.explanation;
    const p = await this.dataSource
      .getRepository(TrustProfileOrmEntity)
      .findOneBy({ participantId: id, role });
    if (!p)
      throw new AppError(
        'not_found',
        'TRUST.PROFILE_NOT_FOUND',
        `no trust profile for participant ${id}`,
      );
    // No evidence yet: the prior, with nothing to explain.
    return {
      ...scoreView(p),
      dimensions: [],
      capsApplied: [],
      pending: [],
      topNegative: [],
      topPositive: [],
      howToImprove: [],
    };
  }
}
