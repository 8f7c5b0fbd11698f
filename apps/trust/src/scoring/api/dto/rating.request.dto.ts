import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/** `POST /ratings`: a consumer rates a delivery it received. */
export class RatingRequestDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') deliveryId!: string;
  @ApiProperty({ minimum: 1, maximum: 5, example: 4 }) @IsInt() @Min(1) @Max(5) score!: number;
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}
