import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class AdoptStandardRequestDto {
  @ApiProperty({ example: 'city-data-charter-v1', description: 'a code from GET /standards' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, {
    message: 'code must be a standard code such as city-data-charter-v1',
  })
  code!: string;
}
