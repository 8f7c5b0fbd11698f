import type { CrossSourceSetting } from '../../datasets/domain/dataset-settings';

/**
 * One record of a delivery as it is staged: its key, its canonical JSON, and what is indexed.
 * A record with errors is staged too (for the quarantine and the duplicate count) but never
 * applied, and carries no hash.
 */
export interface StagedRecord {
  /** The primary key's values as a JSON array. */
  key: string;
  /** Canonical JSON of the record (docs/adr/2026-11-26-integration-ingestion.md). */
  json: string;
  hash: string | null;
  subjectId: string | null;
  /** The record's time field as an ISO instant, when it has one PostgreSQL can store. */
  recordTime: string | null;
  /** Position in the delivery, from 1. */
  line: number;
  errors: ReadonlyArray<{ path: string; message: string }> | null;
}

/** What applying a delivery's valid records did. */
export interface AppliedRecords {
  /** New current rows (superseded repeats within the delivery included). */
  accepted: number;
  /** Records identical to the current row, left as they were. */
  unchanged: number;
}

/** What an erasure or a retention pass removed. */
export interface RemovedRecords {
  rowsErased: number;
  quarantineErased: number;
}

/**
 * The record store: every dataset's records with their history (`valid_from`/`valid_to`), and
 * a per-transaction stage that a delivery fills before it is judged. Deliveries, erasures and
 * retention passes on one dataset exclude each other. `Tx` is the caller's transaction.
 */
export abstract class RecordStore<Tx> {
  /**
   * Streams records into the transaction's stage, paced by the store (memory stays flat whatever
   * the delivery's size). An error in the records aborts the stage and the transaction.
   */
  abstract stage(tx: Tx, records: AsyncIterable<StagedRecord>): Promise<void>;
  /** Keeps the staged records with errors as the delivery's quarantine. */
  abstract quarantineStaged(tx: Tx, deliveryId: string): Promise<void>;
  /** Repeated keys in the stage: all repeats, and repeats among valid records. */
  abstract repeatedKeys(tx: Tx): Promise<{ all: number; valid: number }>;
  /**
   * Of the staged valid records that match a current record of the overlapping dataset, how many
   * agree on the compared attributes (docs/trust-model.md §11).
   */
  abstract crossSourceMatches(
    tx: Tx,
    setting: CrossSourceSetting,
  ): Promise<{ matched: number; agreeing: number }>;
  /**
   * Applies the staged valid records as of `at`: the last record per key wins, records equal to
   * the current row stay unchanged, changed current rows are closed and the new rows inserted.
   * Waits for any other change to the dataset first.
   */
  abstract applyStaged(
    tx: Tx,
    p: { datasetId: string; deliveryId: string; at: Date; valid: number; validRepeats: number },
  ): Promise<AppliedRecords>;
  /** Erases a subject's rows (current and history) and quarantined copies, waiting for the dataset. */
  abstract eraseSubject(
    tx: Tx,
    p: { datasetId: string; subjectId: string; subjectField: string | null },
  ): Promise<RemovedRecords>;
  /**
   * Erases what lies before `cutoff` (history closed before it, current rows whose time is before
   * it, quarantine of deliveries received before it); null when another change holds the dataset.
   */
  abstract purgeBefore(
    tx: Tx,
    p: { datasetId: string; cutoff: Date },
  ): Promise<RemovedRecords | null>;
}
