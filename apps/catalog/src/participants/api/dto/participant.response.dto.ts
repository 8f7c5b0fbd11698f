import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ParticipantOrmEntity } from '../../persistence/participant.orm-entity';

export class ParticipantResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['municipality', 'business', 'ngo'] }) kind!: string;
  @ApiProperty() legalId!: string;
  @ApiProperty() sector!: string;
  @ApiProperty() contactEmail!: string;
  @ApiProperty({ enum: ['active', 'suspended'] }) status!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() version!: number;

  static from(p: ParticipantOrmEntity): ParticipantResponseDto {
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      legalId: p.legalId,
      sector: p.sector,
      contactEmail: p.contactEmail,
      status: p.status,
      createdAt: p.createdAt.toISOString(),
      version: p.version,
    };
  }
}

export class RegisteredParticipantResponseDto extends ParticipantResponseDto {
  @ApiProperty({ description: 'OAuth2 client id of the participant' }) clientId!: string;
  @ApiPropertyOptional({ description: 'Shown once, in the first response only; store it now' })
  clientSecret?: string;
}
