import { Injectable } from '@nestjs/common';
import { DeliveryCompletedV1, Topics, type EventEnvelope } from '@dx/contracts';
import type { EventHandler } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { RecordDeliveryHandler } from '../application/record-delivery.handler';

export const DELIVERY_OBLIGATIONS_GROUP = 'consent.delivery-obligations';

/** Group `consent.delivery-obligations`: completed deliveries → obligations fulfilled. */
@Injectable()
export class DeliveryEventsConsumer implements ConsumerDefinition {
  readonly group = DELIVERY_OBLIGATIONS_GROUP;
  readonly topics = [Topics.integrationDelivery];

  constructor(private readonly record: RecordDeliveryHandler) {}

  handlers(): Record<string, EventHandler> {
    return {
      [DeliveryCompletedV1.type]: (e, em) =>
        this.record.execute(em, e as EventEnvelope<string, DeliveryCompletedV1>),
    };
  }
}
