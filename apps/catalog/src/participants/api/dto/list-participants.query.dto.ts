import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListQueryDto } from '@dx/service-kit';
import type { ParticipantFilter } from '../../queries/participant.queries';

export class ListParticipantsQueryDto extends ListQueryDto implements ParticipantFilter {
  @ApiPropertyOptional({ enum: ['municipality', 'business', 'ngo'] })
  @IsOptional()
  @IsIn(['municipality', 'business', 'ngo'])
  kind?: string;

  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(120) sector?: string;

  @ApiPropertyOptional({ description: 'only participants that adopted this standard' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  standard?: string;
}
