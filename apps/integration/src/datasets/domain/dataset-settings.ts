/** Per-dataset integration settings (no framework imports: used by ingestion and retention). */
export interface CrossSourceSetting {
  datasetId: string;
  match: Array<{ field: string; otherField: string }>;
  compare: Array<{ field: string; otherField: string; tolerance?: number; relative?: boolean }>;
}

export interface DatasetSettings {
  datasetId: string;
  minValidity: number;
  retentionDays: number | null;
  crossSource: CrossSourceSetting | null;
}

export const DEFAULT_MIN_VALIDITY = 0.5;

export function defaultSettings(
  datasetId: string,
  minValidity = DEFAULT_MIN_VALIDITY,
): DatasetSettings {
  return { datasetId, minValidity, retentionDays: null, crossSource: null };
}
