import type { StandardTerms } from './standard-terms';

export interface StoredStandardTerms {
  datasetId: string;
  providerId: string;
  terms: StandardTerms;
  version: number;
  updatedAt: Date;
}

/** Standard terms per dataset, versioned; `Tx` is the caller's transaction. */
export abstract class StandardTermsStore<Tx> {
  abstract get(tx: Tx, datasetId: string): Promise<StoredStandardTerms | null>;
  /** Locks the dataset's row; its version, 0 when it has none yet. */
  abstract lockVersion(tx: Tx, datasetId: string): Promise<number>;
  abstract save(tx: Tx, s: StoredStandardTerms): Promise<void>;
  /**
   * Published datasets with standard terms that `consumerId` does not provide, after `after`
   * (dataset id order), at most `limit`.
   */
  abstract offerable(
    tx: Tx,
    consumerId: string,
    after: string | null,
    limit: number,
  ): Promise<string[]>;
}
