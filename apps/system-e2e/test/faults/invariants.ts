import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { Topics } from '@dx/contracts';
import { SERVICES } from '@dx/demo';
import { readTopic, waitFor } from '@dx/testing';
import type { FaultStack } from './fault-stack';
import type { History } from './history';
import type { Setup } from './workload';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * Samples, twice a second, the longest-open `idle in transaction` session of the services: a
 * transaction held open across a broker call or a slow client shows here.
 */
export class IdleTransactionSampler {
  maxSeconds = 0;
  /** The session that was idle longest: who, and the last statement it ran. */
  worst?: { seconds: number; user: string; application: string; query: string };
  private timer?: NodeJS.Timeout;

  constructor(private readonly stack: FaultStack) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), 500);
  }

  /** Each scenario is judged on its own sessions. */
  reset(): void {
    this.maxSeconds = 0;
    this.worst = undefined;
  }

  private async sample(): Promise<void> {
    const c = new Client({
      connectionString: this.stack.db.adminUrl,
      connectionTimeoutMillis: 500,
    });
    // A fault can cut the connection between the query and end(): pg then emits 'error' on the
    // client, which with no listener crashes the test process (the outcome is judged elsewhere).
    c.on('error', () => undefined);
    try {
      await c.connect();
      const r = await c.query<{
        s: number;
        usename: string;
        application_name: string;
        query: string;
      }>(
        `SELECT extract(epoch FROM now() - state_change)::float8 AS s, usename, application_name,
                left(query, 200) AS query
         FROM pg_stat_activity WHERE datname = current_database() AND usename LIKE 'dx\\_%'
           AND state LIKE 'idle in transaction%'
         ORDER BY state_change LIMIT 1`,
      );
      const row = r.rows[0];
      if (row && Number(row.s) > this.maxSeconds) {
        this.maxSeconds = Number(row.s);
        this.worst = {
          seconds: Math.round(Number(row.s) * 10) / 10,
          user: row.usename,
          application: row.application_name,
          query: row.query,
        };
      }
    } catch {
      // the database is away (a fault being injected): nothing to sample
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A query on the stack's database as the superuser. */
async function sql<T>(stack: FaultStack, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: stack.db.adminUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

const count = async (stack: FaultStack, text: string, params: unknown[] = []) =>
  Number((await sql<{ n: string }>(stack, text, params))[0].n);

function kafkaOf(stack: FaultStack): Kafka {
  return new Kafka({
    clientId: 'faults-check',
    brokers: [stack.kafka.brokers],
    logLevel: logLevel.NOTHING,
  });
}

/** Unpublished or parked outbox rows, per schema. */
async function outboxBacklog(stack: FaultStack): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of SERVICES) {
    const n = await count(
      stack,
      `SELECT count(*) AS n FROM "${s}".outbox WHERE published_at IS NULL`,
    );
    if (n) out[s] = n;
  }
  return out;
}

/** Consumer groups of this stack whose committed offsets are behind the end of a partition. */
async function lagging(stack: FaultStack): Promise<Record<string, number>> {
  const admin = kafkaOf(stack).admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const out: Record<string, number> = {};
    for (const g of groups.filter((x) => x.groupId.startsWith(stack.prefix))) {
      for (const t of await admin.fetchOffsets({ groupId: g.groupId })) {
        const ends = await admin.fetchTopicOffsets(t.topic);
        for (const p of t.partitions) {
          const end = BigInt(ends.find((e) => e.partition === p.partition)?.high ?? '0');
          const at = BigInt(p.offset);
          const low = BigInt(ends.find((e) => e.partition === p.partition)?.low ?? '0');
          const lag = end - (at < 0n ? low : at);
          if (lag > 0n) out[`${g.groupId} ${t.topic}/${p.partition}`] = Number(lag);
        }
      }
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** Dead letters written during the run, per dead-letter topic. */
async function deadLetters(stack: FaultStack): Promise<Record<string, number>> {
  const admin = kafkaOf(stack).admin();
  await admin.connect();
  try {
    const out: Record<string, number> = {};
    for (const topic of (await admin.listTopics()).filter(
      (t) => t.startsWith(stack.prefix) && t.includes('.dlq.'),
    )) {
      const n = (await admin.fetchTopicOffsets(topic)).reduce(
        (sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)),
        0,
      );
      if (n) out[topic] = n;
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits (bounded) until the platform has caught up after the faults — outboxes drained, lag 0 —
 * then checks every invariant against the history. Returns every check, passed or not.
 */
export async function checkInvariants(
  stack: FaultStack,
  history: History,
  setup: Setup,
  sampler: IdleTransactionSampler,
  opts: {
    /**
     * Longest idle-in-transaction allowed. 5 s where no process is frozen (nothing waits inside a
     * transaction); where one is, the database's limit plus the sampler's half-second.
     */
    idleLimitSeconds?: number;
  } = {},
): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: unknown) =>
    checks.push({ name, ok, detail: typeof detail === 'string' ? detail : JSON.stringify(detail) });
  const settle = async <T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean) =>
    waitFor(probe, { until: done, timeoutMs: 120_000, intervalMs: 500, what }).catch(() => probe());

  const pending = history.pending();
  check('every operation got a definite answer', pending.length === 0, { pending: pending.length });

  const backlog = await settle(
    'outboxes drained',
    () => outboxBacklog(stack),
    (b) => !Object.keys(b).length,
  );
  check('outboxes drained', Object.keys(backlog).length === 0, backlog);
  const parked = await count(
    stack,
    `SELECT sum(n) AS n FROM (${SERVICES.map(
      (s) => `SELECT count(*) AS n FROM "${s}".outbox WHERE parked_at IS NOT NULL`,
    ).join(' UNION ALL ')}) x`,
  );
  check('no outbox row parked', parked === 0, { parked });
  const lag = await settle(
    'lag 0',
    () => lagging(stack),
    (l) => !Object.keys(l).length,
  );
  check('consumer lag 0 on every group', Object.keys(lag).length === 0, lag);
  const dlq = await deadLetters(stack);
  check('no good record dead-lettered', Object.keys(dlq).length === 0, dlq);

  // Acknowledged writes are there, once.
  const registers = history.ok('register');
  const participants = await sql<{ legal_id: string; n: string }>(
    stack,
    `SELECT legal_id, count(*) AS n FROM catalog.participants WHERE legal_id = ANY($1) GROUP BY legal_id`,
    [history.ops.filter((o) => o.kind === 'register').map((o) => o.subject)],
  );
  const byLegal = new Map(participants.map((p) => [p.legal_id, Number(p.n)]));
  check(
    'every acknowledged registration is there exactly once',
    registers.every((o) => byLegal.get(o.subject) === 1) &&
      [...byLegal.values()].every((n) => n === 1),
    { acknowledged: registers.length, stored: byLegal.size },
  );
  const deliveryOps = history.ops.filter((o) => o.kind !== 'register');
  const keys = await sql<{ key: string }>(
    stack,
    `SELECT key FROM integration.idempotency_keys WHERE key = ANY($1) AND status_code IS NOT NULL`,
    [deliveryOps.map((o) => o.key)],
  );
  const stored = new Set(keys.map((k) => k.key));
  const acked = history.ok('deliver').concat(history.ok('inbound'));
  const lost = await settle(
    'inbound deliveries applied',
    async () => {
      const k = await sql<{ key: string }>(
        stack,
        `SELECT key FROM integration.idempotency_keys WHERE key = ANY($1) AND status_code IS NOT NULL`,
        [acked.map((o) => o.key)],
      );
      const have = new Set(k.map((x) => x.key));
      return acked.filter((o) => !have.has(o.key)).map((o) => o.key);
    },
    (l) => l.length === 0,
  );
  check('no acknowledged delivery lost (REST and Kafka inbound)', lost.length === 0, {
    acknowledged: acked.length,
    missing: lost.slice(0, 5),
  });
  const datasetIds = setup.datasets.map((d) => d.id);
  const deliveries = await count(
    stack,
    `SELECT count(*) AS n FROM integration.deliveries WHERE dataset_id = ANY($1::uuid[])`,
    [datasetIds],
  );
  check(
    'every delivery applied exactly once (unknown outcomes retried with their key)',
    deliveries === acked.length && stored.size >= acked.length,
    {
      deliveries,
      acknowledged: acked.length,
      retriedAfterUnknown: deliveryOps.filter((o) => o.unknownAttempts > 0).length,
    },
  );

  // Propagated to every consumer, once.
  const profiles = await settle(
    'trust profiles',
    () =>
      count(
        stack,
        `SELECT count(DISTINCT participant_id) AS n FROM trust.trust_profiles WHERE participant_id = ANY($1::uuid[])`,
        [registers.map((o) => o.id)],
      ),
    (n) => n === registers.length,
  );
  check('every registration reached trust', profiles === registers.length, {
    registered: registers.length,
    profiles,
  });
  const seen = await settle(
    'insights participants',
    () =>
      count(
        stack,
        `SELECT count(*) AS n FROM insights.participants WHERE participant_id = ANY($1::uuid[])`,
        [registers.map((o) => o.id)],
      ),
    (n) => n === registers.length,
  );
  check('every registration reached insights', seen === registers.length, {
    registered: registers.length,
    insights: seen,
  });
  const facts = await settle(
    'insights delivery facts',
    () =>
      count(
        stack,
        `SELECT count(*) AS n FROM insights.facts WHERE type = 'integration.delivery.completed' AND dataset_id = ANY($1::uuid[])`,
        [datasetIds],
      ),
    (n) => n === deliveries,
  );
  check('every delivery reached insights once', facts === deliveries, { deliveries, facts });
  const obligations = await settle(
    'obligations fulfilled',
    () =>
      sql<{ agreement_id: string; dataset_id: string; n: string }>(
        stack,
        `SELECT a.id AS agreement_id, a.dataset_id,
                (SELECT count(*) FROM consent.obligations o WHERE o.agreement_id = a.id AND o.status = 'fulfilled') AS n
         FROM consent.agreements a WHERE a.id = ANY($1::uuid[])`,
        [setup.agreements.map((a) => a.id)],
      ),
    (rows) =>
      rows.every((r) => Number(r.n) === acked.filter((o) => o.subject === r.dataset_id).length),
  );
  check(
    'every delivery fulfilled one obligation of every agreement on its dataset',
    obligations.every(
      (r) => Number(r.n) === acked.filter((o) => o.subject === r.dataset_id).length,
    ),
    obligations.map((r) => ({
      agreement: r.agreement_id.slice(0, 8),
      fulfilled: Number(r.n),
      deliveries: acked.filter((o) => o.subject === r.dataset_id).length,
    })),
  );
  const twice = await count(
    stack,
    `SELECT count(*) AS n FROM (SELECT agreement_id, delivery_id FROM consent.obligations
       WHERE delivery_id IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) x`,
  );
  check('no delivery fulfilled an obligation twice', twice === 0, { twice });
  const evidence = await settle(
    'trust evidence',
    () =>
      count(
        stack,
        `SELECT count(*) AS n FROM trust.evidence WHERE event_type = 'consent.obligation.delivery-fulfilled'
           AND agreement_id = ANY($1::uuid[])`,
        [setup.agreements.map((a) => a.id)],
      ),
    (n) => n === obligations.reduce((s, r) => s + Number(r.n), 0),
  );
  const fulfilled = obligations.reduce((s, r) => s + Number(r.n), 0);
  const ledger = await readTopic(
    `${stack.prefix}${Topics.consentObligation}`,
    60_000,
    kafkaOf(stack),
  );
  check('every fulfilment is reliability evidence once in trust', evidence === fulfilled, {
    fulfilled,
    evidence,
    // When one is missing: which, and whether it left consent (on the topic) or not, so a failed
    // run says on which side of the broker it was lost.
    ...(evidence !== fulfilled ? { missing: await missingEvidence(stack, setup, ledger) } : {}),
  });

  // Per-key order: each agreement's obligations are announced in sequence.
  const lastSeq = new Map<string, number>();
  const seenIds = new Set<string>();
  const outOfOrder: string[] = [];
  for (const r of ledger) {
    const e = JSON.parse(r.value) as { id: string; type: string; data: { sequence: number } };
    if (e.type !== 'consent.obligation.delivery-due' || seenIds.has(e.id)) continue;
    seenIds.add(e.id);
    const before = lastSeq.get(r.key) ?? 0;
    if (e.data.sequence <= before)
      outOfOrder.push(`${r.key.slice(0, 8)}: ${before} then ${e.data.sequence}`);
    lastSeq.set(r.key, e.data.sequence);
  }
  check('per-key order on consent.obligation.v1', outOfOrder.length === 0, {
    events: seenIds.size,
    outOfOrder: outOfOrder.slice(0, 5),
  });

  const idleLimit = opts.idleLimitSeconds ?? 5;
  check(`no transaction idle for ${idleLimit} s or more`, sampler.maxSeconds < idleLimit, {
    longestIdleInTransactionSeconds: Math.round(sampler.maxSeconds * 10) / 10,
    session: sampler.worst,
  });
  check(
    'no 500 answer (infrastructure faults answer 503)',
    !history.statuses.has(500),
    Object.fromEntries(history.statuses),
  );
  const ready = await settle(
    'readiness restored',
    async () => {
      const answers = await Promise.all(
        stack.replicas.map((r) =>
          fetch(`${r.app.url}/health/ready`, { signal: AbortSignal.timeout(2000) })
            .then((res) => res.status)
            .catch(() => 0),
        ),
      );
      return stack.replicas.filter((_, i) => answers[i] !== 200).map((r) => r.name);
    },
    (notReady) => notReady.length === 0,
  );
  check('every replica ready again', ready.length === 0, { notReady: ready });
  return checks;
}

/** Fulfilments with no evidence in trust, each with whether its event reached the topic. */
async function missingEvidence(
  stack: FaultStack,
  setup: Setup,
  ledger: Array<{ value: string }>,
): Promise<Array<{ agreement: string; delivery: string; onTopic: number }>> {
  const rows = await sql<{ agreement_id: string; delivery_id: string }>(
    stack,
    `SELECT o.agreement_id::text, o.delivery_id::text FROM consent.obligations o
     WHERE o.status = 'fulfilled' AND o.agreement_id = ANY($1::uuid[])
       AND NOT EXISTS (SELECT 1 FROM trust.evidence e
                       WHERE e.event_type = 'consent.obligation.delivery-fulfilled'
                         AND e.agreement_id = o.agreement_id AND e.params->>'deliveryId' = o.delivery_id::text)`,
    [setup.agreements.map((a) => a.id)],
  );
  const published = new Map<string, number>();
  for (const r of ledger) {
    const e = JSON.parse(r.value) as {
      type: string;
      data: { agreementId: string; deliveryId?: string };
    };
    if (e.type !== 'consent.obligation.delivery-fulfilled') continue;
    const k = `${e.data.agreementId}/${e.data.deliveryId}`;
    published.set(k, (published.get(k) ?? 0) + 1);
  }
  return rows.slice(0, 10).map((r) => ({
    agreement: r.agreement_id,
    delivery: r.delivery_id,
    onTopic: published.get(`${r.agreement_id}/${r.delivery_id}`) ?? 0,
  }));
}
