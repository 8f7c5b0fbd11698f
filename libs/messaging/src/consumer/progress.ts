import type { DataSource } from 'typeorm';

/** Notes which offset of a partition is being worked on, to find a record the process dies on. */
export interface ProgressLog {
  /** Notes work starting at `offset`; returns how often the process died on it before. */
  begin(offset: string): Promise<number>;
  /** Notes that the work ended without the process dying. */
  finish(): Promise<void>;
}

/**
 * The `consumer_progress` row of one group and partition (see addOutboxLeasesAndConsumerProgress
 * in libs/persistence). Found still in flight at the same offset, the process died on it.
 */
export class PgProgressLog implements ProgressLog {
  private offset?: string;

  constructor(
    private readonly ds: DataSource,
    private readonly where: { schema: string; group: string; topic: string; partition: number },
  ) {}

  async begin(offset: string): Promise<number> {
    this.offset = offset;
    const w = this.where;
    const [row] = await this.ds.query<Array<{ crashes: number }>>(
      `INSERT INTO "${w.schema}".consumer_progress AS p
         (consumer_group, topic, kafka_partition, kafka_offset, in_flight, crashes)
       VALUES ($1, $2, $3, $4, true, 0)
       ON CONFLICT (consumer_group, topic, kafka_partition) DO UPDATE SET
         crashes = CASE WHEN p.kafka_offset = EXCLUDED.kafka_offset AND p.in_flight
                        THEN p.crashes + 1 ELSE 0 END,
         kafka_offset = EXCLUDED.kafka_offset, in_flight = true, started_at = now()
       RETURNING crashes`,
      [w.group, w.topic, w.partition, offset],
    );
    return row.crashes;
  }

  async finish(): Promise<void> {
    if (this.offset === undefined) return;
    const w = this.where;
    await this.ds.query(
      `UPDATE "${w.schema}".consumer_progress SET in_flight = false
       WHERE consumer_group = $1 AND topic = $2 AND kafka_partition = $3 AND kafka_offset = $4`,
      [w.group, w.topic, w.partition, this.offset],
    );
  }
}
