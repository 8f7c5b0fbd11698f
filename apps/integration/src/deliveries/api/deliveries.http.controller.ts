import { Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  CurrentPrincipal,
  integerCursor,
  ListQueryDto,
  Roles,
  uuidParam,
  type Principal,
} from '@dx/service-kit';
import { GetDeliveryHandler } from '../application/get-delivery.handler';
import { IngestDeliveryHandler } from '../application/ingest-delivery.handler';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller()
export class DeliveriesHttpController {
  constructor(
    private readonly ingest: IngestDeliveryHandler,
    private readonly get: GetDeliveryHandler,
  ) {}

  /** The body is read as a stream by the handler (the JSON body parser skips this route). */
  @Post('datasets/:id/deliveries')
  @Roles('participant')
  @ApiOperation({
    summary:
      'Deliver records (NDJSON, JSON array or CSV, streamed); validated, scored, applied atomically',
  })
  @ApiConsumes('application/x-ndjson', 'application/json', 'text/csv')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'or ?deliveryId=; a retry returns the first result',
  })
  @ApiQuery({ name: 'deliveryId', required: false })
  async deliver(
    @Param('id', uuidParam('id')) datasetId: string,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Query('deliveryId') deliveryId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const out = await this.ingest.execute({
      datasetId,
      principal,
      contentType: req.headers['content-type'],
      body: req,
      key: idempotencyKey ?? deliveryId,
      channel: 'rest',
    });
    const body = out.body as { deliveryId: string };
    res.status(out.status).setHeader('Location', `/deliveries/${body.deliveryId}`);
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return body;
  }

  @Get('deliveries/:id')
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({
    summary: 'A delivery with its counts and quality report (its provider, operators, auditors)',
  })
  delivery(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return this.get.delivery(id, principal);
  }

  @Get('deliveries/:id/quarantine')
  @Roles('participant', 'operator')
  @ApiOperation({
    summary:
      'Refused records with their line and every JSON path + message (the provider, operators)',
  })
  quarantine(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const after = integerCursor(query.cursor);
    return this.get.quarantine(id, principal, query.limit, after);
  }
}
