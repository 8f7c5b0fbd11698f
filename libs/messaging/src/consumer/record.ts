/**
 * A consumed record as the consumer's parts see it: kafkajs stays behind this shape and
 * {@link RecordBatch}, so batching, retries and dead-lettering are tested without a broker.
 */
export interface ConsumedRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** One partition's slice of records, and what the consumer may do with it. */
export interface RecordBatch {
  /** The physical topic (with the connection's prefix). */
  topic: string;
  partition: number;
  records: ConsumedRecord[];
  /** Marks a record done: the next fetch after a rebalance starts after it. */
  resolveOffset(offset: string): void;
  /** Keeps the group membership alive during a long batch. */
  heartbeat(): Promise<void>;
  /** False once the consumer stops or the group rebalanced away from this batch. */
  isActive(): boolean;
  /** Commits up to and including `offset` for this partition. */
  commit(offset: string): Promise<void>;
}

/** Where a message came from; handlers rarely need it, logs and the inbox do. */
export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
}
