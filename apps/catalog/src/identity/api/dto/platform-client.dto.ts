import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

export class RegisterPlatformClientRequestDto {
  @ApiProperty({ example: 'City audit office' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ['auditor', 'dashboard'], isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(['auditor', 'dashboard'], { each: true })
  roles!: Array<'auditor' | 'dashboard'>;
}

export class CredentialsResponseDto {
  @ApiProperty() clientId!: string;
  @ApiPropertyOptional({ description: 'shown once; store it now' }) clientSecret?: string;
  @ApiProperty() rotatedAt!: string;
}
