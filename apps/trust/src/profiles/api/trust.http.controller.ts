import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProperty,
  ApiQuery,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CurrentPrincipal, type Principal, ApiProblems } from '@dx/service-kit';
import { GetTrustProfileHandler } from '../application/get-trust-profile.handler';

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
  constructor(private readonly profile: GetTrustProfileHandler) {}

  /**
   * A participant's global trust for one role (default provider), with its explanation (docs/trust-model.md
   * §12) of the ledger as it stands: dimensions, caps, pending allegations, top events with their
   * counterfactual effect, how to improve, model version. Any authenticated caller.
   */
  @Get(':id/trust')
  @ApiOperation({
    summary:
      "A participant's trust for one role, with uncertainty and its plain explanation (any authenticated caller)",
  })
  @ApiProblems({
    not_found:
      'the participant is not scored yet, or no such agreement with it in that role: `TRUST.PROFILE_NOT_FOUND`, `TRUST.AGREEMENT_NOT_FOUND`',
  })
  @ApiQuery({ name: 'role', required: false, enum: ['provider', 'consumer'] })
  @ApiQuery({ name: 'agreementId', required: false, description: 'dyadic scope (parties only)' })
  @ApiOkResponse({ type: TrustProfileResponseDto })
  get(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Query() query: TrustQueryDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<TrustProfileResponseDto> {
    return this.profile.execute(id, query.role ?? 'provider', query.agreementId, caller);
  }
}
