import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@dx/contracts';
import { KafkaConnection } from '@dx/messaging';
import { DependencyMonitor, SERVICE_CONFIG } from '@dx/service-kit';
import type { ConsentConfig } from '../../config/consent.config';
import type { DeliveryWatermark } from '../application/delivery-watermark';
import { DELIVERY_OBLIGATIONS_GROUP } from './delivery-events.consumer';

/**
 * The delivery watermark from Kafka itself: per partition of the delivery topic, the first offset
 * published at or after the moment (Kafka's offsets-for-times lookup) against the offset the
 * obligations consumer group has committed. Unknown (broker away, or back for less than
 * DELIVERY_SETTLE_MS while other services drain their outboxes) counts as not consumed.
 */
@Injectable()
export class KafkaDeliveryWatermark implements DeliveryWatermark {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly dependencies: DependencyMonitor,
    @Inject(SERVICE_CONFIG) private readonly config: ConsentConfig,
  ) {}

  async consumedUpTo(before: Date): Promise<boolean> {
    if (this.dependencies.kafkaUpForMs() < this.config.DELIVERY_SETTLE_MS) return false;
    try {
      const admin = await this.kafka.getAdmin();
      const topic = this.kafka.name(Topics.integrationDelivery);
      const [byTime, bounds, committed] = await Promise.all([
        admin.fetchTopicOffsetsByTimestamp(topic, before.getTime()),
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({
          groupId: this.kafka.name(DELIVERY_OBLIGATIONS_GROUP),
          topics: [topic],
        }),
      ]);
      const low = new Map(bounds.map((b) => [b.partition, BigInt(b.low)]));
      const done = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
      );
      return byTime.every((p) => {
        // No commit yet: the group starts from the earliest record.
        const position = done.get(p.partition) ?? -1n;
        const at = position < 0n ? (low.get(p.partition) ?? 0n) : position;
        return at >= BigInt(p.offset);
      });
    } catch {
      return false; // the broker does not answer: nothing can be declared missed meanwhile
    }
  }
}
