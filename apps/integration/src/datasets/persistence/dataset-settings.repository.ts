import type { EntityManager } from 'typeorm';
import { defaultSettings, type DatasetSettings } from '../domain/dataset-settings';

/** Reads a dataset's settings, falling back to the deployment's defaults. */
export async function loadDatasetSettings(
  em: EntityManager,
  datasetId: string,
  defaultMinValidity: number,
): Promise<DatasetSettings> {
  const [row] = await em.query<
    Array<{
      min_validity: string;
      retention_days: number | null;
      cross_source: DatasetSettings['crossSource'];
    }>
  >(
    `SELECT min_validity, retention_days, cross_source FROM integration.dataset_settings WHERE dataset_id = $1`,
    [datasetId],
  );
  if (!row) return defaultSettings(datasetId, defaultMinValidity);
  return {
    datasetId,
    minValidity: Number(row.min_validity),
    retentionDays: row.retention_days,
    crossSource: row.cross_source,
  };
}
