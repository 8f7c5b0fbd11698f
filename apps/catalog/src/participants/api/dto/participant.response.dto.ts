import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  ParticipantPage,
  ParticipantView,
  RegisteredParticipantView,
} from '../../application/participant-view';

/** The directory entry: public fields only, for every authenticated caller. */
export class ParticipantResponseDto implements ParticipantView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['municipality', 'business', 'ngo'] }) kind!: string;
  @ApiProperty({ description: 'BIN/IIN (public registry data)' }) legalId!: string;
  @ApiProperty() sector!: string;
  @ApiProperty({ enum: ['active', 'suspended'] }) status!: string;
  @ApiProperty({ type: [String], description: 'platform standards the participant adopted' })
  adoptedStandards!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'aggregate version; the ETag' }) version!: number;
  @ApiPropertyOptional({ description: 'only for operators and the participant itself' })
  contactEmail?: string;
  @ApiPropertyOptional({
    description: 'why it is suspended; only for operators and the participant itself',
  })
  statusReason?: string;
}

export class RegisteredParticipantResponseDto
  extends ParticipantResponseDto
  implements RegisteredParticipantView
{
  @ApiProperty({ description: 'OAuth2 client id of the participant' }) clientId!: string;
  @ApiPropertyOptional({ description: 'Shown once, in the first response only; store it now' })
  clientSecret?: string;
}

export class ParticipantPageDto implements ParticipantPage {
  @ApiProperty({ type: [ParticipantResponseDto] }) items!: ParticipantResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
