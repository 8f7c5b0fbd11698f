import { Injectable } from '@nestjs/common';
import { DeliveryCompletedV1, Topics } from '@dx/contracts';
import { type EventHandler, on } from '@dx/messaging';
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
    return on(DeliveryCompletedV1, (e, em) => this.record.execute(em, e));
  }
}
