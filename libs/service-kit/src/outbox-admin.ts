import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { listParkedOutboxRows, releaseParkedOutboxRows, type ParkedOutboxRow } from '@dx/messaging';
import type { Logger } from '@dx/observability';
import { Roles } from './auth';
import { PLATFORM_LOGGER, SERVICE_NAME } from './tokens';

export class ReleaseParkedDto {
  @ApiProperty({
    required: false,
    type: [String],
    description: 'ids of the parked rows to release; absent releases every parked row',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  ids?: string[];
}

/**
 * Outbox rows parked after repeated failures of their own (alert DxOutboxRowsParked): an operator
 * lists them, fixes the cause (a topic's size limit, an ACL) and releases them.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/outbox/parked')
export class OutboxAdminController {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  @Roles('operator')
  @ApiOperation({ summary: 'Parked outbox rows of this service, oldest first (operator)' })
  async list(): Promise<{ items: ParkedOutboxRow[] }> {
    return { items: await listParkedOutboxRows(this.ds, this.service) };
  }

  @Post('release')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({
    summary:
      'Put parked outbox rows back in line, all or those named; the relay retries them (operator)',
  })
  async release(@Body() body: ReleaseParkedDto): Promise<{ released: string[] }> {
    const released = await releaseParkedOutboxRows(this.ds, this.service, body.ids);
    this.logger.warn({ released }, 'parked outbox rows released by an operator');
    return { released };
  }
}
