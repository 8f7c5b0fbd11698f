import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PURPOSE_CODES } from '../../../agreements/domain/purposes';
import { SENSITIVITY_ORDER, TIER_ORDER } from '../../domain/decision-policy';
import type { DecisionPolicyInput } from '../../application/set-decision-policy.handler';

export class PolicyRuleDto {
  @ApiProperty({ example: 'planning-by-established' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'id must be a short slug' })
  id!: string;

  @ApiProperty({ enum: PURPOSE_CODES, isArray: true, description: 'empty = any purpose' })
  @IsArray()
  @ArrayUnique()
  @IsIn(PURPOSE_CODES, { each: true })
  purposes!: string[];

  @ApiPropertyOptional({ enum: TIER_ORDER })
  @IsOptional()
  @IsIn(TIER_ORDER)
  minConsumerTier?: (typeof TIER_ORDER)[number];
  @ApiPropertyOptional({ enum: SENSITIVITY_ORDER })
  @IsOptional()
  @IsIn(SENSITIVITY_ORDER)
  maxSensitivity?: (typeof SENSITIVITY_ORDER)[number];
  @ApiProperty({ enum: ['accept', 'reject'] }) @IsIn(['accept', 'reject']) action!:
    'accept' | 'reject';
}

export class DecisionPolicyDto implements DecisionPolicyInput {
  @ApiProperty({
    type: [PolicyRuleDto],
    description: 'tried in order; the first match decides; no match = a person decides',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PolicyRuleDto)
  rules!: PolicyRuleDto[];
}

/** The policy in force after a PUT (its version is the ETag). */
export class DecisionPolicyResponseDto extends DecisionPolicyDto {
  @ApiProperty({ format: 'uuid' }) datasetId!: string;
  @ApiProperty({ description: 'policy version; the ETag' }) version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
