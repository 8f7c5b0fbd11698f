import type { ChangedRecords } from '../../records/domain/changed-records';
import type { Side, ViewDefinition } from './view-definition';

/** What one recomputation did. */
export interface RecomputedRows {
  /** Join-key values recomputed. */
  keys: number;
  /** Rows whose key lost a side. */
  removed: number;
  /** Rows added or whose aggregates or lineage changed. */
  upserted: number;
}

/**
 * Integrated views and their rows. A recomputation is set-based and idempotent per join-key value,
 * so recomputing a superset of the touched keys is always correct. `Tx` is the caller's
 * transaction: a change to the records and the views over them commit together.
 */
export abstract class ViewStore<Tx> {
  abstract add(tx: Tx, def: ViewDefinition): Promise<void>;
  abstract get(tx: Tx, viewId: string): Promise<(ViewDefinition & { refreshedAt: Date }) | null>;
  /** Views with the dataset on either side, in a stable order. */
  abstract overDataset(tx: Tx, datasetId: string): Promise<ViewDefinition[]>;
  /**
   * Recomputes a view's rows: every key, or with `scope` only the join-key values the changed
   * records carry on that side. Subjects who withdrew consent for any purpose are left out, since
   * a view serves several readers.
   */
  abstract recompute(
    tx: Tx,
    def: ViewDefinition,
    scope?: { side: Side; changed: ChangedRecords },
  ): Promise<RecomputedRows>;
  /** Stamps the view refreshed; returns its row count and the database's time. */
  abstract markRefreshed(tx: Tx, viewId: string): Promise<{ rows: number; at: Date }>;
}
