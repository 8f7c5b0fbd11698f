import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AppError, Header, Topics } from '@dx/contracts';
import type { RawRecordHandler } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { IngestDeliveryHandler } from '../application/ingest-delivery.handler';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Group `integration.inbound`: deliveries pushed by trusted internal producers on
 * `integration.inbound.v1` (key: dataset id; header `dx-provider-id`: who delivers). Each record is a
 * whole delivery and goes through the same handler as REST (validation, quality, atomic apply). The
 * runner commits the offset only after the handler's transaction committed; the idempotency key
 * (`dx-delivery-key`, else topic/partition/offset) makes a redelivered record apply once. A record
 * naming no dataset, the wrong provider or carrying a malformed body is dead-lettered with the
 * reason and the partition moves on.
 */
@Injectable()
export class InboundDeliveriesConsumer implements ConsumerDefinition {
  readonly group = 'integration.inbound';
  readonly topics = [Topics.integrationInbound];

  constructor(private readonly ingest: IngestDeliveryHandler) {}

  rawHandler(): RawRecordHandler {
    return async (record, meta) => {
      const datasetId = record.key ?? '';
      const providerId = record.headers[Header.providerId] ?? '';
      const problems = [
        ...(UUID.test(datasetId) ? [] : [{ path: 'key', message: 'must be the dataset id' }]),
        ...(UUID.test(providerId)
          ? []
          : [{ path: `headers.${Header.providerId}`, message: "must be the provider's id" }]),
      ];
      if (problems.length)
        throw new AppError(
          'invalid',
          'INBOUND.UNADDRESSED',
          'an inbound delivery names its dataset (key) and provider (header)',
          problems,
        );
      await this.ingest.execute({
        datasetId,
        principal: {
          subject: providerId,
          roles: ['participant'],
          clientId: `kafka:${Topics.integrationInbound}`,
          tokenId: `${meta.partition}:${meta.offset}`,
        },
        contentType: record.headers[Header.contentType] ?? 'application/x-ndjson',
        body: Readable.from([record.value]),
        key:
          record.headers[Header.deliveryKey] ??
          `${Topics.integrationInbound}:${meta.partition}:${meta.offset}`,
        channel: 'kafka',
      });
    };
  }
}
