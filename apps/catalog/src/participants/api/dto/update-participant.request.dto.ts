import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { ParticipantKind } from '@dx/contracts';
import type { UpdateParticipantInput } from '../../application/update-participant.handler';

/** Operator changes: profile fields and status. `legalId` never changes (it is the identity). */
export class UpdateParticipantRequestDto implements UpdateParticipantInput {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(2) @MaxLength(300) name?: string;
  @ApiPropertyOptional({ enum: ['municipality', 'business', 'ngo'] })
  @IsOptional()
  @IsIn(['municipality', 'business', 'ngo'])
  kind?: ParticipantKind;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(2) @MaxLength(120) sector?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) contactEmail?: string;
  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: 'active' | 'suspended';
  @ApiPropertyOptional({ description: 'required when status changes' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  statusReason?: string;
}
