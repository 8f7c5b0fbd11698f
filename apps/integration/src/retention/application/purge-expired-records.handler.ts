import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RecordsErasedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { ViewRefresher } from '../../views/application/view-refresher';
import { CLOCK, type Clock } from '@dx/service-kit';

const DAY_MS = 86_400_000;

/**
 * Enforces each dataset's retention (`retentionDays` in its settings). Past the cutoff
 * (`now − retentionDays`) go: history rows closed before it, current rows whose record time (the
 * schema's time field; without one, when they were stored) lies before it, and quarantined records
 * of deliveries received before it. One transaction per dataset, skipped (until the next pass) while
 * a delivery applies to it or another replica purges it; views are recomputed for the purged keys; `integration.records.erased` reports counts.
 */
@Injectable()
export class PurgeExpiredRecordsHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly views: ViewRefresher,
  ) {}

  /** @returns the datasets purged, with the rows erased. */
  async execute(now = this.clock.now()): Promise<Array<{ datasetId: string; rowsErased: number }>> {
    const due = await this.dataSource.query<Array<{ dataset_id: string; retention_days: number }>>(
      `SELECT dataset_id, retention_days FROM integration.dataset_settings WHERE retention_days IS NOT NULL ORDER BY dataset_id`,
    );
    const out: Array<{ datasetId: string; rowsErased: number }> = [];
    for (const d of due) {
      const cutoff = new Date(now.getTime() - d.retention_days * DAY_MS);
      const erased = await this.dataSource.transaction(async (em) => {
        const [{ locked }] = await em.query<Array<{ locked: boolean }>>(
          `SELECT pg_try_advisory_xact_lock(hashtext('integration.records'), hashtext($1)) AS locked`,
          [d.dataset_id],
        );
        if (!locked) return 0;
        await em.query(`DROP TABLE IF EXISTS erased_rows`);
        await em.query(
          `CREATE TEMP TABLE erased_rows ON COMMIT DROP AS
           SELECT data FROM integration.records
           WHERE dataset_id = $1 AND valid_to IS NULL AND coalesce(record_time, valid_from) < $2`,
          [d.dataset_id, cutoff],
        );
        const [, rows] = await em.query<[unknown[], number]>(
          `DELETE FROM integration.records WHERE dataset_id = $1
             AND ((valid_to IS NOT NULL AND valid_to < $2) OR (valid_to IS NULL AND coalesce(record_time, valid_from) < $2))`,
          [d.dataset_id, cutoff],
        );
        const [, quarantined] = await em.query<[unknown[], number]>(
          `DELETE FROM integration.quarantine q USING integration.deliveries dl
           WHERE q.delivery_id = dl.id AND dl.dataset_id = $1 AND dl.received_at < $2`,
          [d.dataset_id, cutoff],
        );
        if (rows === 0 && quarantined === 0) return 0;
        await this.views.afterChange(
          em,
          d.dataset_id,
          { sql: `SELECT data FROM erased_rows`, params: [] },
          { kind: 'retention', datasetId: d.dataset_id },
        );
        const [owner] = await em.query<Array<{ provider_id: string }>>(
          `SELECT provider_id FROM integration.datasets WHERE dataset_id = $1`,
          [d.dataset_id],
        );
        await this.outbox.append(
          em,
          RecordsErasedV1.envelope(
            {
              datasetId: d.dataset_id,
              providerId: owner.provider_id,
              reason: 'retention',
              cutoff: cutoff.toISOString(),
              rowsErased: rows,
              quarantineErased: quarantined,
              erasedAt: now.toISOString(),
            },
            { source: 'integration', subject: d.dataset_id, time: now },
          ),
        );
        return rows;
      });
      if (erased > 0) out.push({ datasetId: d.dataset_id, rowsErased: erased });
    }
    return out;
  }
}
