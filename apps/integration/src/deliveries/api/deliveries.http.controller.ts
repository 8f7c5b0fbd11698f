import { Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiBody,
  ApiExtension,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  CurrentPrincipal,
  integerCursor,
  ListQueryDto,
  Roles,
  uuidParam,
  type Principal,
  API_PREFIX,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { GetDeliveryHandler, type DeliveryView } from '../application/get-delivery.handler';
import { IngestDeliveryHandler } from '../application/ingest-delivery.handler';
import { DeliveryBody, DeliveryReceiptBody, QuarantineBody } from './delivery.responses';
import { type QuarantinedRecord } from '../queries/delivery.queries';

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
  @ApiBody({
    description:
      'the records: one JSON object per line (NDJSON), a JSON array of objects, or CSV with a header row',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiJsonResponse(201, DeliveryReceiptBody, 'applied or rejected as a whole; the receipt')
  @ApiExtension('x-location', true)
  @ApiProblems({
    invalid: 'the body cannot be read as the declared format: `DELIVERY.MALFORMED`',
    forbidden: "only the dataset's provider delivers: `DELIVERY.NOT_PROVIDER`",
    not_found: 'no such dataset here (yet): `DATASET.NOT_FOUND`',
    conflict: 'the dataset is withdrawn: `DELIVERY.DATASET_WITHDRAWN`',
    too_large:
      'more bytes or records than a delivery may hold: `DELIVERY.TOO_LARGE`, `DELIVERY.TOO_MANY_RECORDS`',
    unsupported_media_type: 'not NDJSON, JSON or CSV: `DELIVERY.UNSUPPORTED_MEDIA_TYPE`',
  })
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
    res.status(out.status).setHeader('Location', `${API_PREFIX}/deliveries/${body.deliveryId}`);
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return body;
  }

  @Get('deliveries/:id')
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({
    summary: 'A delivery with its counts and quality report (its provider, operators, auditors)',
  })
  @ApiJsonResponse(200, DeliveryBody)
  @ApiProblems({
    not_found: 'no such delivery, or not visible to the caller: `DELIVERY.NOT_FOUND`',
  })
  delivery(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeliveryView> {
    return this.get.delivery(id, principal);
  }

  @Get('deliveries/:id/quarantine')
  @Roles('participant', 'operator')
  @ApiOperation({
    summary:
      'Refused records with their line and every JSON path + message (the provider, operators)',
  })
  @ApiJsonResponse(200, QuarantineBody)
  @ApiProblems({
    not_found: 'no such delivery, or not visible to the caller: `DELIVERY.NOT_FOUND`',
  })
  quarantine(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: QuarantinedRecord[]; nextCursor: string | null }> {
    const after = integerCursor(query.cursor);
    return this.get.quarantine(id, principal, query.limit, after);
  }
}
