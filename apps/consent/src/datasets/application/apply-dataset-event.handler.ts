import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@dx/contracts';
import { DatasetReplica, type CatalogDatasetEvent } from '../persistence/dataset-replica';

/**
 * Keeps the dataset replica: metadata from every event's snapshot (only when newer than what is
 * held, so redelivery or reordering never moves it back) and each record schema version's facts.
 */
@Injectable()
export class ApplyDatasetEventHandler {
  constructor(private readonly replica: DatasetReplica) {}

  async execute(em: EntityManager, e: EventEnvelope<string, CatalogDatasetEvent>): Promise<void> {
    await this.replica.keep(em, e.data);
  }
}
