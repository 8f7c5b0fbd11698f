import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import { DeliveryCompletedV1, deliveryCompletedSchema } from './delivery-completed.v1';

/**
 * `integration.delivery.rejected` v1: a delivery was refused whole (its validity fell under the
 * dataset's threshold); nothing of it was stored except its report and quarantine.
 */
export interface DeliveryRejectedV1 extends DeliveryCompletedV1 {
  reason: string;
}

export const DeliveryRejectedV1 = defineEvent({
  type: 'integration.delivery.rejected',
  version: 1,
  topic: Topics.integrationDelivery,
  description: 'A delivery was rejected whole (validity under the threshold); its report says why.',
  keyOf: (d: DeliveryRejectedV1) => d.datasetId,
  schema: {
    ...deliveryCompletedSchema,
    required: [...deliveryCompletedSchema.required, 'reason'],
    properties: {
      ...deliveryCompletedSchema.properties,
      reason: { type: 'string', minLength: 1 },
    },
  },
  example: {
    ...DeliveryCompletedV1.example,
    records: { received: 1200, accepted: 0, quarantined: 800, unchanged: 0 },
    quality: { ...DeliveryCompletedV1.example.quality, validity: 0.33 },
    criticalBreaches: ['validity<0.5'],
    reason: '800 of 1200 records failed validation (valid share 0.333 < 0.5)',
  },
});
