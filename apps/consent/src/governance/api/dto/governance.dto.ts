import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  BENEFIT_KINDS,
  DISPUTE_CATEGORIES,
  INTERVIEW_CONSTRUCTS,
  INTERVIEW_THEME_CODES,
  KMV_CONSTRUCTS,
  type BenefitKind,
} from '@dx/contracts';
import { ListQueryDto } from '@dx/service-kit';
import type {
  BenefitReportInput,
  ExitInterviewInput,
  ExitSurveyInput,
  ListDisputesInput,
  OpenDisputeInput,
  RecordRegulationInput,
  ResolveDisputeInput,
} from '../../application/governance-inputs';

export class OpenDisputeDto implements OpenDisputeInput {
  @ApiProperty() @IsUUID('4') agreementId!: string;
  @ApiProperty({ enum: DISPUTE_CATEGORIES }) @IsIn(DISPUTE_CATEGORIES) category!: string;
  @ApiProperty() @IsString() @MinLength(10) @MaxLength(5000) description!: string;
}

export class ResolveDisputeDto implements ResolveDisputeInput {
  @ApiProperty({ enum: ['upheld', 'dismissed', 'amicable'] })
  @IsIn(['upheld', 'dismissed', 'amicable'])
  outcome!: 'upheld' | 'dismissed' | 'amicable';
  @ApiPropertyOptional({
    description: 'required when upheld: the participant found at fault (one of the parties)',
  })
  @IsOptional()
  @IsUUID('4')
  against?: string;
  @ApiProperty() @IsString() @MinLength(5) @MaxLength(5000) resolution!: string;
}

export class ListDisputesQueryDto extends ListQueryDto implements ListDisputesInput {
  @ApiPropertyOptional() @IsOptional() @IsUUID('4') agreementId?: string;
  @ApiPropertyOptional({ enum: ['open', 'resolved'] })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: string;
}

export class ExitReasonDto {
  @ApiProperty({ enum: KMV_CONSTRUCTS }) @IsIn(KMV_CONSTRUCTS) construct!: string;
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 minor … 5 decisive' })
  @IsInt()
  @Min(1)
  @Max(5)
  weight!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class ExitSurveyDto implements ExitSurveyInput {
  @ApiProperty({ type: [ExitReasonDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ExitReasonDto)
  reasons!: ExitReasonDto[];
  @ApiProperty() @IsBoolean() wouldWorkAgain!: boolean;
}

export class RecordRegulationDto implements RecordRegulationInput {
  @ApiProperty({ example: 'City resolution 42/2026' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  reference!: string;
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(500) title!: string;
  @ApiProperty() @IsISO8601({ strict: true }) effectiveAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: true }) url?: string;
}

export class BenefitReportDto implements BenefitReportInput {
  @ApiProperty({ enum: BENEFIT_KINDS }) @IsIn(BENEFIT_KINDS) kind!: BenefitKind;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) periodFrom!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) periodTo!: string;
  @ApiPropertyOptional({ description: 'cost-avoided, revenue: KZT' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  amountKzt?: number;
  @ApiPropertyOptional({ description: 'staff-hours-saved' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  hours?: number;
  @ApiPropertyOptional({ description: 'derived-product, decision-supported: how many' })
  @IsOptional()
  @IsInt()
  @Min(0)
  count?: number;
  @ApiPropertyOptional({ description: 'citizen-service: residents served in the period' })
  @IsOptional()
  @IsInt()
  @Min(0)
  users?: number;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'the integrated (two-source) view, owned by the reporter, whose rows the benefit came from',
  })
  @IsOptional()
  @IsUUID('4')
  viewId?: string;
  @ApiPropertyOptional({ description: 'citizen-service: the resident-facing service improved' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  service?: string;
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(2000) description!: string;
}

export class InterviewRatingDto {
  @ApiProperty({ enum: INTERVIEW_CONSTRUCTS }) @IsIn(INTERVIEW_CONSTRUCTS) construct!: string;
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 very low … 5 very high' })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;
}

export class ExitInterviewDto implements ExitInterviewInput {
  @ApiProperty({ format: 'uuid', description: 'the participant the stakeholder speaks for' })
  @IsUUID('4')
  participantId!: string;
  @ApiProperty({
    example: 'Head of the data office',
    description: "the stakeholder's function, not their name",
  })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  stakeholderRole!: string;
  @ApiProperty({ format: 'date-time', description: 'when the interview was held' })
  @IsISO8601({ strict: true })
  heldAt!: string;
  @ApiProperty({ type: [InterviewRatingDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INTERVIEW_CONSTRUCTS.length)
  @ValidateNested({ each: true })
  @Type(() => InterviewRatingDto)
  ratings!: InterviewRatingDto[];
  @ApiProperty({ enum: INTERVIEW_THEME_CODES, isArray: true, description: 'factors that helped' })
  @IsArray()
  @ArrayMaxSize(INTERVIEW_THEME_CODES.length)
  @IsIn(INTERVIEW_THEME_CODES, { each: true })
  positive!: string[];
  @ApiProperty({ enum: INTERVIEW_THEME_CODES, isArray: true, description: 'factors that hurt' })
  @IsArray()
  @ArrayMaxSize(INTERVIEW_THEME_CODES.length)
  @IsIn(INTERVIEW_THEME_CODES, { each: true })
  negative!: string[];
  @ApiPropertyOptional({ description: "the interviewer's summary, without people's names" })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  notes?: string;
}
