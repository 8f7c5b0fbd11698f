import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RecordsErasedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { CLOCK, type Clock } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/domain/dataset-replica';
import { RecordStore } from '../../records/domain/record-store';
import { ViewRefresher } from '../../views/application/view-refresher';

const DAY_MS = 86_400_000;

/**
 * Enforces each dataset's retention (`retentionDays` in its settings). Past the cutoff
 * (`now − retentionDays`) go: history rows closed before it, current rows whose record time (the
 * schema's time field; without one, when they were stored) lies before it, and quarantined records
 * of deliveries received before it. One transaction per dataset, skipped (until the next pass) while
 * a delivery applies to it or another replica purges it; views are recomputed for the purged keys;
 * `integration.records.erased` reports counts.
 */
@Injectable()
export class PurgeExpiredRecordsHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetReplica<EntityManager>,
    private readonly records: RecordStore<EntityManager>,
    private readonly views: ViewRefresher,
    private readonly outbox: OutboxWriter,
  ) {}

  /** @returns the datasets purged, with the rows erased. */
  async execute(now = this.clock.now()): Promise<Array<{ datasetId: string; rowsErased: number }>> {
    const due = await this.datasets.withRetention(this.dataSource.manager);
    const out: Array<{ datasetId: string; rowsErased: number }> = [];
    for (const { datasetId, retentionDays } of due) {
      const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
      const erased = await this.dataSource.transaction(async (em) => {
        const removed = await this.records.purgeBefore(em, { datasetId, cutoff });
        if (!removed || (removed.rowsErased === 0 && removed.quarantineErased === 0)) return 0;
        await this.views.afterChange(
          em,
          { kind: 'removed', datasetId },
          { kind: 'retention', datasetId },
        );
        const providerId = await this.datasets.providerOf(em, datasetId);
        await this.outbox.append(
          em,
          RecordsErasedV1.envelope(
            {
              datasetId,
              providerId: providerId!,
              reason: 'retention',
              cutoff: cutoff.toISOString(),
              ...removed,
              erasedAt: now.toISOString(),
            },
            { source: 'integration', subject: datasetId, time: now },
          ),
        );
        return removed.rowsErased;
      });
      if (erased > 0) out.push({ datasetId, rowsErased: erased });
    }
    return out;
  }
}
