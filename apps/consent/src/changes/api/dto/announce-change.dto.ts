import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, MaxLength, MinLength } from 'class-validator';
import type { AnnounceChangeInput } from '../../application/announce-change.handler';

export class AnnounceChangeDto implements AnnounceChangeInput {
  @ApiProperty({ enum: ['schema-change', 'outage'] }) @IsIn(['schema-change', 'outage']) kind!:
    'schema-change' | 'outage';
  @ApiProperty() @IsString() @MinLength(5) @MaxLength(2000) description!: string;
  @ApiProperty({ description: 'when the change or outage starts' })
  @IsISO8601({ strict: true })
  effectiveAt!: string;
}
