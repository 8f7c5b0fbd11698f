import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { AGREEMENT_STATES } from '@dx/contracts';
import { ListQueryDto, queryList } from '@dx/service-kit';
import type { AgreementFilter } from '../../queries/list-agreements.query';

export class ListAgreementsQueryDto extends ListQueryDto implements AgreementFilter {
  @ApiPropertyOptional({ enum: ['provider', 'consumer'] })
  @IsOptional()
  @IsIn(['provider', 'consumer'])
  role?: 'provider' | 'consumer';

  @ApiPropertyOptional({ enum: AGREEMENT_STATES, isArray: true })
  @IsOptional()
  @Transform(queryList)
  @IsIn(AGREEMENT_STATES, { each: true })
  state?: string[];

  @ApiPropertyOptional() @IsOptional() @IsUUID('4') datasetId?: string;

  @ApiPropertyOptional({ description: 'operators and auditors: one participant’s agreements' })
  @IsOptional()
  @IsUUID('4')
  participant?: string;
}
