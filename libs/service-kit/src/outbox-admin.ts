import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { listParkedOutboxRows, releaseParkedOutboxRows, type ParkedOutboxRow } from '@dx/messaging';
import type { Logger } from '@dx/observability';
import { Roles } from './auth';
import { PLATFORM_LOGGER, SERVICE_NAME } from './tokens';
import { ApiJsonResponse, defineResponse } from './openapi';

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

const ParkedRowsBody = defineResponse<{ items: ParkedOutboxRow[] }>()('ParkedOutboxRows', {
  schema: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'id',
            'topic',
            'key',
            'type',
            'attempts',
            'lastError',
            'createdAt',
            'parkedAt',
            'waitingBehind',
          ],
          properties: {
            id: { type: 'string', format: 'uuid' },
            topic: { type: 'string' },
            key: { type: 'string', description: 'the record key (per-key order)' },
            type: { type: 'string', description: 'the event type' },
            attempts: { type: 'integer' },
            lastError: { type: ['string', 'null'] },
            createdAt: { type: 'string', format: 'date-time' },
            parkedAt: { type: 'string', format: 'date-time' },
            waitingBehind: {
              type: 'integer',
              description: 'unpublished rows of the same key waiting behind it',
            },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});

const ReleasedBody = defineResponse<{ released: string[] }>()('ReleasedOutboxRows', {
  schema: {
    type: 'object',
    required: ['released'],
    properties: { released: { type: 'array', items: { type: 'string', format: 'uuid' } } },
    additionalProperties: false,
  },
});

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
  @ApiJsonResponse(200, ParkedRowsBody)
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
  @ApiJsonResponse(200, ReleasedBody, 'the ids put back in line')
  async release(@Body() body: ReleaseParkedDto): Promise<{ released: string[] }> {
    const released = await releaseParkedOutboxRows(this.ds, this.service, body.ids);
    this.logger.warn({ released }, 'parked outbox rows released by an operator');
    return { released };
  }
}
