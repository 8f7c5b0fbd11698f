import type { DatasetChangeV1, RecordSchemaVersionV1 } from '@dx/contracts';
import type { DatasetSettings } from './dataset-settings';

/** A dataset as a delivery meets it: who provides it, its state, and the schema version in effect. */
export interface DeliveryTarget {
  providerId: string;
  status: string;
  schemaVersion: number;
  schema: Record<string, unknown>;
  primaryKey: string[];
  subjectField: string | null;
  timeField: string | null;
}

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
  /**
   * The property declarations of each dataset's latest schema version (datasets not known are
   * absent; a schema without properties declares none).
   */
  abstract propertiesOf(
    tx: Tx,
    datasetIds: string[],
  ): Promise<Map<string, Record<string, { type?: string | string[] } | undefined>>>;
  /**
   * The dataset with the schema version in effect at `at` (the first version is in effect from
   * the start); null when the dataset is not known here.
   */
  abstract deliveryTarget(tx: Tx, datasetId: string, at: Date): Promise<DeliveryTarget | null>;
  /** The subject field of the latest schema version, if it names one. */
  abstract subjectFieldOf(tx: Tx, datasetId: string): Promise<string | null>;
  /** Datasets whose settings set a retention, by id. */
  abstract withRetention(tx: Tx): Promise<Array<{ datasetId: string; retentionDays: number }>>;
  /** The dataset's settings, or the deployment's defaults when it has none. */
  abstract settingsOf(
    tx: Tx,
    datasetId: string,
    defaultMinValidity: number,
  ): Promise<DatasetSettings>;
  abstract saveSettings(tx: Tx, s: DatasetSettings, updatedBy: string): Promise<void>;
}
