import type { DatasetChangeV1, RecordSchemaVersionV1 } from '@dx/contracts';
import type { DatasetSettings } from './dataset-settings';

/**
 * What integration keeps of the catalog's datasets (metadata and every record schema version,
 * which deliveries are validated against) and each dataset's own settings. `Tx` is the caller's
 * transaction.
 */
export abstract class DatasetReplica<Tx> {
  /** Metadata from newer catalog versions only; schema versions once each. */
  abstract keep(
    tx: Tx,
    data: DatasetChangeV1 & { schemaVersion?: RecordSchemaVersionV1 },
  ): Promise<void>;
  abstract providerOf(tx: Tx, datasetId: string): Promise<string | null>;
  /** The property names of each dataset's latest schema version (datasets not known are absent). */
  abstract fieldsOf(tx: Tx, datasetIds: string[]): Promise<Map<string, string[]>>;
  /** The dataset's settings, or the deployment's defaults when it has none. */
  abstract settingsOf(
    tx: Tx,
    datasetId: string,
    defaultMinValidity: number,
  ): Promise<DatasetSettings>;
  abstract saveSettings(tx: Tx, s: DatasetSettings, updatedBy: string): Promise<void>;
}
