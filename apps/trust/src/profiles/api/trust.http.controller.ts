import { Controller, Get, Param, ParseUUIDPipe, Query, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CurrentPrincipal, type Principal, CLOCK, type Clock } from '@dx/service-kit';
import { evidenceOfParticipant } from '../../scoring/application/evidence-store';
import { MODEL } from '../../scoring/application/trust-scorer';
import { ReadTrustHandler } from '../../scoring/application/read-trust.handler';
import { explain } from '../../scoring/domain/explanation';
import { scoreView } from '../domain/prior-profile';
import { TrustProfileOrmEntity } from '../persistence/trust-profile.orm-entity';

export class TrustQueryDto {
  @IsOptional()
  @IsIn(['provider', 'consumer'])
  role?: 'provider' | 'consumer';
  /** Dyadic scope: only the evidence of this agreement (its parties, operators and auditors). */
  @IsOptional()
  @IsUUID('4')
  agreementId?: string;
}

export class TrustProfileResponseDto {
  @ApiProperty() participantId!: string;
  @ApiProperty({ enum: ['provider', 'consumer'] }) role!: string;
  @ApiProperty({ enum: ['global', 'agreement'] }) scope!: 'global' | 'agreement';
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
    description:
      'counterparties whose evidence the share cap scaled down: dimension, counterpartyId, share, factor',
  })
  sharesCapped!: unknown[];
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
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly read: ReadTrustHandler,
  ) {}

  /**
   * A participant's global trust for one role (default provider), with its explanation (docs/trust-model.md
   * §12) of the ledger as it stands: dimensions, caps, pending allegations, top events with their
   * counterfactual effect, how to improve, model version. Any authenticated caller.
   */
  @Get(':id/trust')
  @ApiQuery({ name: 'role', required: false, enum: ['provider', 'consumer'] })
  @ApiQuery({ name: 'agreementId', required: false, description: 'dyadic scope (parties only)' })
  @ApiOkResponse({ type: TrustProfileResponseDto })
  async get(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Query() query: TrustQueryDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<TrustProfileResponseDto> {
    const role = query.role ?? 'provider';
    if (query.agreementId) return this.dyadic(id, role, query.agreementId, caller);
    const explained = await this.read.explanation(id, role);
    if (explained) return explained;
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
      sharesCapped: [],
      pending: [],
      topNegative: [],
      topPositive: [],
      howToImprove: [],
    };
  }

  /**
   * Trust within one agreement (docs/trust-model.md §7 dyadic trust): the same model over that
   * agreement's evidence only, computed now. Shown to the agreement's parties, operators and auditors.
   */
  private async dyadic(
    id: string,
    role: 'provider' | 'consumer',
    agreementId: string,
    caller: Principal,
  ): Promise<TrustProfileResponseDto> {
    const [a] = await this.dataSource.query<Array<{ provider_id: string; consumer_id: string }>>(
      `SELECT provider_id, consumer_id FROM trust.agreement_parties WHERE agreement_id = $1`,
      [agreementId],
    );
    const privileged = caller.roles.some((r) => r === 'operator' || r === 'auditor');
    const party = a && (caller.subject === a.provider_id || caller.subject === a.consumer_id);
    const inRole = a && (role === 'provider' ? a.provider_id : a.consumer_id) === id;
    if (!a || !inRole || (!party && !privileged))
      throw new AppError(
        'not_found',
        'TRUST.AGREEMENT_NOT_FOUND',
        `no agreement ${agreementId} with ${id} as ${role}`,
      );
    const [profile] = await this.dataSource.query<Array<{ base_rate: number }>>(
      `SELECT base_rate FROM trust.trust_profiles WHERE participant_id = $1 AND role = $2`,
      [id, role],
    );
    const evidence = await evidenceOfParticipant(this.dataSource.manager, id, role, {
      agreementId,
    });
    return explain(evidence, {
      participantId: id,
      role,
      baseRate: profile?.base_rate ?? 0.4,
      asOf: this.clock.now(),
      config: MODEL,
      scope: 'agreement',
      agreementId,
    });
  }
}
