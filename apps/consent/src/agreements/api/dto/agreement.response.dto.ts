import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AgreementTermsV1 } from '@dx/contracts';
import type {
  AgreementView,
  NoticeView,
  TermVersionView,
  TransitionView,
} from '../../application/agreement-view';

export class TermVersionDto implements TermVersionView {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['initial', 'offer', 'amendment', 'renewal'] }) kind!: string;
  @ApiProperty({ enum: ['provider', 'consumer'] }) proposedBy!: string;
  @ApiProperty() proposedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) terms!: AgreementTermsV1;
  @ApiProperty({
    type: 'object',
    properties: {
      provider: { type: 'string', format: 'date-time' },
      consumer: { type: 'string', format: 'date-time' },
    },
    description: 'acceptance times by party',
  })
  acceptedBy!: {
    provider?: string;
    consumer?: string;
  };
}

export class NoticeViewDto implements NoticeView {
  @ApiProperty() givenBy!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() givenAt!: string;
  @ApiProperty() effectiveAt!: string;
  @ApiProperty() requiredNoticeDays!: number;
  @ApiProperty({ description: 'false: shorter than the agreed termination notice (a breach)' })
  noticeRespected!: boolean;
}

export class TransitionDto implements TransitionView {
  @ApiProperty() seq!: number;
  @ApiProperty() event!: string;
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty() to!: string;
  @ApiProperty({
    type: 'object',
    required: ['subject', 'role'],
    properties: { subject: { type: 'string' }, role: { type: 'string' } },
    description: 'who made the move: participant id (or operator client) and the role it acted in',
  })
  actor!: { subject: string; role: string };
  @ApiPropertyOptional() reason?: string;
  @ApiProperty() termVersion!: number;
  @ApiProperty() at!: string;
}

export class AgreementResponseDto implements AgreementView {
  @ApiProperty() id!: string;
  @ApiProperty() datasetId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() consumerId!: string;
  @ApiProperty() state!: string;
  @ApiPropertyOptional() stateReason?: string;
  @ApiProperty({ description: 'the ETag' }) version!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'term version in force' })
  currentTermVersion!: number | null;
  @ApiProperty() latestTermVersion!: number;
  @ApiProperty({ type: [TermVersionDto] }) termVersions!: TermVersionDto[];
  @ApiPropertyOptional({ type: NoticeViewDto }) notice?: NoticeViewDto;
  @ApiProperty({ nullable: true, type: String, description: 'next time-driven transition' })
  nextDueAt!: string | null;
  @ApiPropertyOptional({ type: [TransitionDto] }) transitions?: TransitionDto[];
}
