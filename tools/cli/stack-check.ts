/**
 * `npm start` runs this before the services start: does the local database belong to the Kafka
 * cluster that is running? A second clone of the repository beside the first one's database (the
 * shared server on 127.0.0.1:5432 outlives each checkout's own broker), or a checkout whose
 * `.local/` was deleted, starts a fresh, empty broker next to a database whose consumers remember
 * offsets on topics that no longer exist. The services would then skip the new events as
 * "processed before" (the inbox floor), and the dashboard would show data nobody can reproduce.
 *
 * The check is on the data, not on a marker: every offset a service's inbox recorded must exist on
 * the running cluster (below the partition's end). If not, it explains what it found — and, from
 * the stamp it leaves in the database, which checkout and cluster set it up — and exits 3 with the
 * two ways out. Otherwise it stamps the database with this checkout and cluster.
 */
import { Client } from 'pg';
import { operatorKafkaConnection } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import { APPS } from './apps';

interface Recorded {
  schema: string;
  topic: string;
  partition: number;
  offset: bigint;
}

export interface StackCheck {
  ok: boolean;
  clusterId: string;
  /** Offsets the database holds that the running cluster does not have. */
  unknown: Array<Recorded & { end: bigint | null }>;
  stamp: { kafkaClusterId: string; checkout: string; stampedAt: string } | null;
}

function databaseUrl(): string {
  const admin = process.env.DX_PG_ADMIN_URL;
  const name = process.env.DX_DATABASE;
  if (!admin || !name) throw new Error('DX_PG_ADMIN_URL and DX_DATABASE are required');
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The highest offset each service's inbox recorded per topic partition (processed or purged). */
async function recordedOffsets(db: Client): Promise<Recorded[]> {
  const out: Recorded[] = [];
  for (const { name: schema } of APPS) {
    const tables = await db.query<{ inbox: string | null; floor: string | null }>(
      `SELECT to_regclass($1) AS inbox, to_regclass($2) AS floor`,
      [`"${schema}".inbox`, `"${schema}".inbox_floor`],
    );
    const parts: string[] = [];
    if (tables.rows[0].inbox)
      parts.push(
        `SELECT topic, kafka_partition, max(kafka_offset) AS o FROM "${schema}".inbox GROUP BY 1, 2`,
      );
    if (tables.rows[0].floor)
      parts.push(
        `SELECT topic, kafka_partition, max(max_offset) AS o FROM "${schema}".inbox_floor GROUP BY 1, 2`,
      );
    if (!parts.length) continue;
    const rows = await db.query<{ topic: string; kafka_partition: number; o: string }>(
      `SELECT topic, kafka_partition, max(o)::text AS o FROM (${parts.join(' UNION ALL ')}) x GROUP BY 1, 2`,
    );
    for (const r of rows.rows)
      out.push({ schema, topic: r.topic, partition: r.kafka_partition, offset: BigInt(r.o) });
  }
  return out;
}

export async function checkStack(checkout: string): Promise<StackCheck> {
  const db = new Client({ connectionString: databaseUrl() });
  await db.connect();
  const connection = await operatorKafkaConnection('dx-stack-check', createLogger('stack-check'));
  try {
    const admin = await connection.getAdmin();
    const { clusterId } = await admin.describeCluster();
    await db.query(`
      CREATE TABLE IF NOT EXISTS public.dx_local_stack (
        id               integer     PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        kafka_cluster_id text        NOT NULL,
        checkout         text        NOT NULL,
        stamped_at       timestamptz NOT NULL DEFAULT now()
      )`);
    const stampRow = await db.query<{
      kafka_cluster_id: string;
      checkout: string;
      stamped_at: Date;
    }>(`SELECT kafka_cluster_id, checkout, stamped_at FROM public.dx_local_stack`);
    const stamp = stampRow.rows[0]
      ? {
          kafkaClusterId: stampRow.rows[0].kafka_cluster_id,
          checkout: stampRow.rows[0].checkout,
          stampedAt: stampRow.rows[0].stamped_at.toISOString(),
        }
      : null;
    const existing = new Set(await admin.listTopics());
    const ends = new Map<string, Map<number, bigint>>();
    const unknown: StackCheck['unknown'] = [];
    for (const r of await recordedOffsets(db)) {
      if (!existing.has(r.topic)) {
        unknown.push({ ...r, end: null });
        continue;
      }
      let byPartition = ends.get(r.topic);
      if (!byPartition) {
        byPartition = new Map(
          (await admin.fetchTopicOffsets(r.topic)).map((p) => [p.partition, BigInt(p.high)]),
        );
        ends.set(r.topic, byPartition);
      }
      const end = byPartition.get(r.partition) ?? null;
      // The partition's end is the next offset to be written: a recorded one must lie below it.
      if (end === null || r.offset >= end) unknown.push({ ...r, end });
    }
    const ok = unknown.length === 0;
    if (ok)
      await db.query(
        `INSERT INTO public.dx_local_stack (id, kafka_cluster_id, checkout) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET kafka_cluster_id = $1, checkout = $2, stamped_at = now()`,
        [clusterId, checkout],
      );
    return { ok, clusterId, unknown, stamp };
  } finally {
    await connection.close();
    await db.end();
  }
}

/** A database name of this checkout's own, from its folder (`dx_` + letters, digits, `_`). */
export function ownDatabaseName(checkout: string): string {
  const base = (checkout.split('/').filter(Boolean).pop() ?? 'local')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 40);
  return `dx_${base || 'local'}`;
}

async function main(): Promise<void> {
  const checkout = process.cwd();
  const r = await checkStack(checkout);
  if (r.ok) return;
  const database = `${process.env.DX_DATABASE} on ${new URL(process.env.DX_PG_ADMIN_URL!).host}`;
  const who = r.stamp
    ? `It was set up by the checkout in ${r.stamp.checkout}${r.stamp.checkout === checkout ? ' (this one)' : ''} with Kafka cluster ${r.stamp.kafkaClusterId} (last started ${r.stamp.stampedAt}); the broker running now is cluster ${r.clusterId}.`
    : `The broker running now is cluster ${r.clusterId}.`;
  const sample = r.unknown
    .slice(0, 3)
    .map(
      (u) =>
        `${u.schema} consumed ${u.topic}[${u.partition}] up to offset ${u.offset}, which ${u.end === null ? 'this broker does not have' : `this broker ends at ${u.end}`}`,
    )
    .join('; ');
  console.error(
    [
      `[dx] the database ${database} belongs to another Kafka cluster than the one running.`,
      `${who} ${sample}${r.unknown.length > 3 ? `; and ${r.unknown.length - 3} more` : ''}.`,
      'Started like this, the services would skip new events as already processed.',
      'Either reset this stack and load the demo again:  npm run demo',
      `or keep that database and give this checkout its own:  DX_DATABASE=${ownDatabaseName(checkout)} npm start`,
    ].join('\n'),
  );
  process.exit(3);
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error('[dx] stack check failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
