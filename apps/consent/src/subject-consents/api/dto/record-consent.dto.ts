import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ListQueryDto } from '@dx/service-kit';
import { PURPOSE_CODES } from '../../../agreements/domain/purposes';
import type { ConsentFilter } from '../../application/list-subject-consents.handler';
import type { RecordConsentInput } from '../../application/record-subject-consent.handler';
import type { ErasureRequestInput } from '../../application/request-erasure.handler';

export class RecordConsentDto implements RecordConsentInput {
  @ApiProperty({
    description: "pseudonymous subject id, as in the dataset's subjectField",
    example: 'subj-7f3a9c1e',
  })
  @Matches(/^[A-Za-z0-9._:-]{1,200}$/, {
    message:
      'subjectId must be a pseudonym (letters, digits, . _ : -), never a name or a national id',
  })
  subjectId!: string;
  @ApiProperty() @IsUUID('4') datasetId!: string;
  @ApiProperty({ enum: PURPOSE_CODES }) @IsIn(PURPOSE_CODES) purpose!: string;
  @ApiProperty({ enum: ['given', 'withdrawn'] }) @IsIn(['given', 'withdrawn']) status!:
    'given' | 'withdrawn';
  @ApiPropertyOptional({ description: 'when a given consent lapses' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
  @ApiPropertyOptional({
    description: 'reference to the signed receipt or channel (no personal data)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  evidence?: string;
}

export class ListConsentsQueryDto extends ListQueryDto implements ConsentFilter {
  @ApiPropertyOptional() @IsOptional() @IsUUID('4') datasetId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9._:-]{1,200}$/) subjectId?: string;
  @ApiPropertyOptional({ enum: ['given', 'withdrawn', 'expired'] })
  @IsOptional()
  @IsIn(['given', 'withdrawn', 'expired'])
  status?: string;
}

export class ErasureRequestDto implements ErasureRequestInput {
  @ApiProperty({ description: "pseudonymous subject id, as in the dataset's subjectField" })
  @Matches(/^[A-Za-z0-9._:-]{1,200}$/, {
    message:
      'subjectId must be a pseudonym (letters, digits, . _ : -), never a name or a national id',
  })
  subjectId!: string;
  @ApiProperty() @IsUUID('4') datasetId!: string;
  @ApiPropertyOptional({ description: "reference to the subject's request (no personal data)" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reference?: string;
}
