import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** Printable text without control characters (a reference ends up in logs and answers). */
const PRINTABLE = /^[^\p{Cc}]*$/u;

export class OpenTransferRequestDto {
  @ApiProperty({ format: 'uuid', description: 'the agreement, in force, whose records to pull' })
  @IsUUID('4')
  agreementId!: string;

  @ApiPropertyOptional({
    description: 'your own name for the transfer, e.g. the DSP process id (up to 200 characters)',
    example: 'urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'reference must not contain control characters' })
  reference?: string;
}

export class TransferCommandRequestDto {
  @ApiPropertyOptional({ description: 'why (up to 500 characters)', example: 'nightly pull done' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(PRINTABLE, { message: 'reason must not contain control characters' })
  reason?: string;
}
