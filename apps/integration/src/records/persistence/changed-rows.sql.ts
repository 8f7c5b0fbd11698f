import type { ChangedRecords } from '../domain/changed-records';

/**
 * Where each kind of change leaves its rows, as SQL returning a `data` jsonb column. The stage and
 * the set-aside table are the record store's transaction-local tables (record-store.pg.ts); views
 * select from them in the same transaction, so no caller passes SQL text around.
 */
export function changedRowsSql(change: ChangedRecords): { sql: string; params: unknown[] } {
  switch (change.kind) {
    case 'delivery':
      // The staged valid records are the delivery's new rows (unchanged ones were taken out of
      // the stage); the rows they closed carry the delivery's time as their end.
      return {
        sql: `SELECT data FROM delivery_stage WHERE errors IS NULL
              UNION ALL SELECT data FROM integration.records WHERE dataset_id = $1 AND valid_to = $2`,
        params: [change.datasetId, change.appliedAt],
      };
    case 'subject':
      return {
        sql: `SELECT data FROM integration.records WHERE dataset_id = $1 AND subject_id = $2 AND valid_to IS NULL`,
        params: [change.datasetId, change.subjectId],
      };
    case 'removed':
      return { sql: `SELECT data FROM removed_rows`, params: [] };
  }
}
