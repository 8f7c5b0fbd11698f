import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import type { ParticipantKind } from '@dx/contracts';
import type { RegisterParticipantInput } from '../../application/register-participant.handler';

export class RegisterParticipantRequestDto implements RegisterParticipantInput {
  @ApiProperty({ example: 'Almaty Department of Digitalization (synthetic)' })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ enum: ['municipality', 'business', 'ngo'] })
  @IsIn(['municipality', 'business', 'ngo'])
  kind!: ParticipantKind;

  @ApiProperty({
    description: 'Kazakh BIN/IIN: 12 digits with a valid check digit',
    example: '990140001560',
  })
  @IsString()
  @Length(12, 12)
  @Matches(/^[0-9]{12}$/, { message: 'legalId must be 12 digits' })
  legalId!: string;

  @ApiProperty({ example: 'public administration' })
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  sector!: string;

  @ApiProperty({ example: 'data-office@example.kz' })
  @IsEmail()
  @MaxLength(254)
  contactEmail!: string;
}
