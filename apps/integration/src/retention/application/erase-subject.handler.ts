import { Injectable, Inject } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RecordsErasedV1, type SubjectErasureRequestedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { ViewRefresher } from '../../views/application/view-refresher';
import { CLOCK, type Clock } from '@dx/service-kit';

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
    private readonly outbox: OutboxWriter,
    private readonly views: ViewRefresher,
  ) {}

  async execute(em: EntityManager, d: SubjectErasureRequestedV1): Promise<void> {
    const [schema] = await em.query<Array<{ subject_field: string | null }>>(
      `SELECT subject_field FROM integration.dataset_schemas WHERE dataset_id = $1 ORDER BY version DESC LIMIT 1`,
      [d.datasetId],
    );
    // Not while a delivery applies to the dataset (the same lock as the apply).
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('integration.records'), hashtext($1))`, [
      d.datasetId,
    ]);
    // The keys the views must recompute are those of the rows about to go.
    await em.query(`DROP TABLE IF EXISTS erased_rows`);
    await em.query(
      `CREATE TEMP TABLE erased_rows ON COMMIT DROP AS
       SELECT data FROM integration.records WHERE dataset_id = $1 AND subject_id = $2 AND valid_to IS NULL`,
      [d.datasetId, d.subjectId],
    );
    const [, rowsErased] = await em.query<[unknown[], number]>(
      `DELETE FROM integration.records WHERE dataset_id = $1 AND subject_id = $2`,
      [d.datasetId, d.subjectId],
    );
    let quarantineErased = 0;
    if (schema?.subject_field)
      [, quarantineErased] = await em.query<[unknown[], number]>(
        `DELETE FROM integration.quarantine q USING integration.deliveries dl
         WHERE q.delivery_id = dl.id AND dl.dataset_id = $1 AND q.record ->> $3::text = $2`,
        [d.datasetId, d.subjectId, schema.subject_field],
      );
    await this.views.afterChange(
      em,
      d.datasetId,
      { sql: `SELECT data FROM erased_rows`, params: [] },
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
          rowsErased,
          quarantineErased,
          erasedAt: now.toISOString(),
        },
        { source: 'integration', subject: d.datasetId, time: now },
      ),
    );
  }
}
