import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DatasetChangeV1, EventEnvelope, RecordSchemaVersionV1 } from '@dx/contracts';
import { DatasetReplica } from '../domain/dataset-replica';

/**
 * Keeps the replica deliveries are validated against: dataset metadata from every event's
 * snapshot (newer catalog versions only) and every record schema version in full.
 */
@Injectable()
export class ApplyDatasetEventHandler {
  constructor(private readonly replica: DatasetReplica<EntityManager>) {}

  execute(
    em: EntityManager,
    e: EventEnvelope<string, DatasetChangeV1 & { schemaVersion?: RecordSchemaVersionV1 }>,
  ): Promise<void> {
    return this.replica.keep(em, e.data);
  }
}
