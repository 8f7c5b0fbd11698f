import { Injectable, Inject } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RecordsErasedV1, type SubjectErasureRequestedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { CLOCK, type Clock } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/domain/dataset-replica';
import { RecordStore } from '../../records/domain/record-store';
import { ViewRefresher } from '../../views/application/view-refresher';

/**
 * Erases one subject's rows of a dataset on its erasure request: current rows, their history, and
 * quarantined copies; views over the dataset are recomputed for the keys those rows fed; the
 * erasure is confirmed with `integration.records.erased` — all in the consumer's transaction, so a
 * crash half-way erases nothing and the redelivered request erases everything.
 */
@Injectable()
export class EraseSubjectHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly datasets: DatasetReplica<EntityManager>,
    private readonly records: RecordStore<EntityManager>,
    private readonly views: ViewRefresher,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(em: EntityManager, d: SubjectErasureRequestedV1): Promise<void> {
    // Quarantined copies are found by the subject field of the latest schema.
    const subjectField = await this.datasets.subjectFieldOf(em, d.datasetId);
    const erased = await this.records.eraseSubject(em, {
      datasetId: d.datasetId,
      subjectId: d.subjectId,
      subjectField,
    });
    await this.views.afterChange(
      em,
      { kind: 'removed', datasetId: d.datasetId },
      { kind: 'erasure', datasetId: d.datasetId, subjectId: d.subjectId },
    );
    const now = this.clock.now();
    await this.outbox.append(
      em,
      RecordsErasedV1.envelope(
        {
          datasetId: d.datasetId,
          providerId: d.providerId,
          reason: 'erasure-request',
          requestId: d.requestId,
          subjectId: d.subjectId,
          ...erased,
          erasedAt: now.toISOString(),
        },
        { source: 'integration', subject: d.datasetId, time: now },
      ),
    );
  }
}
