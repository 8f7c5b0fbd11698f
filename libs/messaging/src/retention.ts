import type { DataSource } from 'typeorm';

export interface RetentionSettings {
  /** Inbox rows older than this are purged (their offsets move into the inbox floor). */
  inboxDays: number;
  /** Idempotency keys older than this are purged: a retry after it is a new request. */
  idempotencyKeyHours: number;
  /** Rows per statement, so a first purge of a large table never holds long locks. */
  batchSize?: number;
}

export interface PurgeReport {
  inbox: number;
  idempotencyKeys: number;
}

/**
 * Purges a service's retained messaging rows (README, "Retention"). Inbox rows go in batches,
 * each batch raising the floor of its group and partition to the highest offset it held in the
 * same transaction; the consumer skips records at or below the floor, so purging never lets an
 * event apply twice. `now` is the system clock (security time), moved in tests.
 */
export async function purgeRetained(
  dataSource: DataSource,
  schema: string,
  settings: RetentionSettings,
  now: Date = new Date(),
): Promise<PurgeReport> {
  const s = `"${schema}"`;
  const batch = settings.batchSize ?? 5000;
  const inboxBefore = new Date(now.getTime() - settings.inboxDays * 86_400_000);
  const keysBefore = new Date(now.getTime() - settings.idempotencyKeyHours * 3_600_000);
  const report: PurgeReport = { inbox: 0, idempotencyKeys: 0 };
  for (;;) {
    const rows: Array<{ n: number }> = await dataSource.query(
      `WITH doomed AS (
         DELETE FROM ${s}.inbox WHERE ctid IN (
           SELECT ctid FROM ${s}.inbox WHERE processed_at < $1 LIMIT $2)
         RETURNING consumer_group, topic, kafka_partition, kafka_offset),
       floors AS (
         INSERT INTO ${s}.inbox_floor (consumer_group, topic, kafka_partition, max_offset)
         SELECT consumer_group, topic, kafka_partition, max(kafka_offset) FROM doomed
         GROUP BY consumer_group, topic, kafka_partition
         ON CONFLICT (consumer_group, topic, kafka_partition)
         DO UPDATE SET max_offset = GREATEST(inbox_floor.max_offset, EXCLUDED.max_offset))
       SELECT count(*)::int AS n FROM doomed`,
      [inboxBefore, batch],
    );
    report.inbox += rows[0].n;
    if (rows[0].n < batch) break;
  }
  for (;;) {
    const rows: Array<{ n: number }> = await dataSource.query(
      `WITH doomed AS (
         DELETE FROM ${s}.idempotency_keys WHERE ctid IN (
           SELECT ctid FROM ${s}.idempotency_keys WHERE created_at < $1 LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM doomed`,
      [keysBefore, batch],
    );
    report.idempotencyKeys += rows[0].n;
    if (rows[0].n < batch) break;
  }
  return report;
}

/** The inbox floors of a consumer group: `topic/partition` → highest purged offset. */
export async function loadInboxFloors(
  dataSource: DataSource,
  schema: string,
  group: string,
): Promise<Map<string, bigint>> {
  const rows: Array<{ topic: string; kafka_partition: number; max_offset: string }> =
    await dataSource.query(
      `SELECT topic, kafka_partition, max_offset::text FROM "${schema}".inbox_floor WHERE consumer_group = $1`,
      [group],
    );
  return new Map(rows.map((r) => [`${r.topic}/${r.kafka_partition}`, BigInt(r.max_offset)]));
}
