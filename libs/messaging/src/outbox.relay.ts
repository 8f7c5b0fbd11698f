import { Client } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  contextFromTraceparent,
  meter,
  startSpan,
  SpanKind,
  Attr,
  traceparentOf,
  trace,
  type Logger,
} from '@dx/observability';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  Header,
  infrastructureFaultOf,
  type EventEnvelope,
} from '@dx/contracts';
import { hostname } from 'node:os';
import { backoffMs, delay } from './backoff';
import { faultPoint } from './fault-points';
import { outboxChannel } from './outbox.writer';
import type { EventPublisher, OutgoingRecord } from './publisher';

/** Test-only fault points; production passes none. */
export interface RelayHooks {
  /** Called after Kafka acknowledged the batch and before the rows are marked published. */
  afterPublish?(ids: string[]): void | Promise<void>;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  publisher: EventPublisher;
  logger: Logger;
  /** Connection URL for LISTEN; without it the relay only polls. */
  listenUrl?: string;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (missed notification, other writer). */
  pollIntervalMs?: number;
  /** Published rows are deleted after this long. */
  retentionMs?: number;
  /**
   * How long a claim holds its rows (ms). The publish is bounded to half of it; a relay that dies
   * mid-publish leaves rows that become claimable again when the lease runs out.
   */
  leaseMs?: number;
  /** Failures of a row's own (not an outage) before it is parked for an operator. */
  maxAttempts?: number;
  hooks?: RelayHooks;
}

interface ClaimedRow {
  seq: string;
  id: string;
  topic: string;
  message_key: string;
  envelope: EventEnvelope;
  traceparent: string | null;
  attempts: number;
}

const parkedTotal = meter().createCounter('dx_outbox_parked_total', {
  description: 'Outbox rows parked after failing OUTBOX_MAX_ATTEMPTS times',
});
const parkedGauge = meter().createObservableGauge('dx_outbox_parked', {
  description: 'Outbox rows parked now, waiting for an operator to release them (label schema)',
});
const parkedNow = new Map<string, number>();
parkedGauge.addCallback((r) => {
  for (const [schema, n] of parkedNow) r.observe(n, { schema });
});
const published = meter().createCounter('dx_outbox_published_total', {
  description: 'Outbox rows published',
});
const failures = meter().createCounter('dx_outbox_publish_failures_total', {
  description: 'Failed publish attempts',
});
const lag = meter().createHistogram('dx_outbox_lag_seconds', {
  description: 'Commit-to-publish delay',
  unit: 's',
  // Sub-second buckets: NOTIFY makes the usual lag a few milliseconds.
  advice: {
    explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  },
});

/**
 * Publishes committed outbox rows to Kafka. Claims a batch by lease in a short transaction (FOR
 * UPDATE SKIP LOCKED, so replicas share the work), commits, publishes with the idempotent producer,
 * then marks the rows published: no transaction is open while the broker is called. Wakes on
 * NOTIFY at commit, polls as a fallback.
 *
 * Failures: an outage (broker away) releases the claim and retries the batch with backoff for
 * ever, counting nothing against the rows. A failure of the batch itself is bisected until the
 * rows at fault are found; each failure of a row's own counts, with backoff, and after
 * `maxAttempts` the row is parked (metric, alert) until an operator releases it.
 *
 * Per-key order: a batch never contains a row whose key has an older unpublished row (leased by
 * another relay, waiting for its retry, or parked); such keys wait. Within a batch, once a row
 * fails the later rows of its key are not sent this round.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retentionMs: number;
  private readonly abort = new AbortController();
  private wake?: () => void;
  /** A notification arrived since the last claim began (it may have come while no idle() waited). */
  private notified = false;
  private loop?: Promise<void>;
  private listener?: Client;
  private lastCleanup = 0;
  private lastParkedCount = 0;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  /** Who holds a lease: visible to an operator looking at the outbox. */
  private readonly holder = `${hostname()}/${process.pid}/${Math.random().toString(36).slice(2, 8)}`;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 500;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.retentionMs = opts.retentionMs ?? 7 * 24 * 3600 * 1000;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.maxAttempts = opts.maxAttempts ?? 10;
  }

  async start(): Promise<void> {
    if (this.opts.listenUrl) await this.listen(this.opts.listenUrl);
    this.loop = this.run();
  }

  /**
   * Lets the batch in hand finish (publish and mark) for up to `waitMs`; a publish still waiting
   * for the broker after that is abandoned: its rows stay leased until the lease runs out, then
   * another replica publishes them (consumers drop the duplicate, if the first publish landed).
   */
  async stop(waitMs = 5000): Promise<void> {
    this.abort.abort();
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.loop?.then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), waitMs))),
    ]).finally(() => clearTimeout(timer));
    if (finished === false)
      this.opts.logger.warn(
        { waitMs },
        'outbox relay stopped with a publish under way; its lease runs out',
      );
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(url: string): Promise<void> {
    const client = new Client({
      connectionString: url,
      application_name: `dx-${this.opts.schema}-relay-listen`,
    });
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    client.on('error', (err) => {
      // Polling keeps working; the listener is only a latency optimisation.
      this.opts.logger.warn({ err }, 'outbox LISTEN connection failed; relying on polling');
    });
    await client.connect();
    await client.query(`LISTEN ${outboxChannel(this.opts.schema)}`);
    this.listener = client;
  }

  private async run(): Promise<void> {
    let failuresInARow = 0;
    while (!this.abort.signal.aborted) {
      try {
        // Cleared before the claim: a commit notified after this point is either claimed now or
        // wakes the next idle() at once (otherwise a NOTIFY during the claim was lost: CI saw it).
        this.notified = false;
        const n = await this.runOnce();
        failuresInARow = 0;
        if (n >= this.batchSize) continue; // more waiting: no pause
        await this.cleanupIfDue();
        await this.idle(this.pollIntervalMs);
      } catch (err) {
        failuresInARow++;
        const wait = backoffMs(failuresInARow, 200, 30_000);
        // A refused write will not heal by waiting: an error an operator sees (the rows stay).
        const refused = (err as Error).name === 'KafkaAuthorizationError';
        this.opts.logger[refused ? 'error' : 'warn'](
          { err, attempt: failuresInARow, retryInMs: wait },
          refused ? (err as Error).message : 'outbox relay cycle failed',
        );
        await delay(wait, this.abort.signal);
      }
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      this.wake = done;
      function done() {
        clearTimeout(t);
        resolve();
      }
    });
  }

  /** One claim → publish → mark cycle. Returns how many rows it published. */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    if (rows.length === 0) return 0;
    const s = `"${this.opts.schema}"`;
    const sent: ClaimedRow[] = [];
    const failed = new Map<string, { key: string; error: unknown }>();
    try {
      await this.publishBisecting(rows, sent, failed);
    } catch (err) {
      // An outage: nothing counts against the rows; the claim is released for whoever retries.
      failures.add(rows.length - sent.length);
      await this.release(
        rows.filter((r) => !sent.includes(r)),
        String((err as Error).message),
      );
      if (sent.length) await this.markPublished(sent);
      throw err;
    }
    if (sent.length) await this.markPublished(sent);
    const unsent = rows.filter((r) => !sent.includes(r) && !failed.has(r.seq));
    if (unsent.length) await this.release(unsent); // behind a failed row of their key
    if (failed.size) {
      failures.add(failed.size);
      const byRow = [...failed].map(([seq, { error }]) => {
        const row = rows.find((r) => r.seq === seq)!;
        return {
          seq,
          error: String((error as Error).message).slice(0, 2000),
          backoff: backoffMs(row.attempts + 1, 500, 60_000) / 1000,
        };
      });
      const updated = await this.updateReturning<{
        id: string;
        topic: string;
        attempts: number;
        last_error: string;
        parked: boolean;
      }>(
        `WITH f AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, error text, backoff float8))
         UPDATE ${s}.outbox o SET attempts = o.attempts + 1, last_error = f.error,
           next_attempt_at = now() + make_interval(secs => f.backoff),
           lease_until = NULL, leased_by = NULL,
           parked_at = CASE WHEN o.attempts + 1 >= $2 THEN now() END
         FROM f WHERE o.seq = f.seq
         RETURNING o.id, o.topic, o.attempts, o.last_error, o.parked_at IS NOT NULL AS parked`,
        [JSON.stringify(byRow), this.maxAttempts],
      );
      const parked = updated.filter((u) => u.parked);
      for (const p of parked) {
        parkedTotal.add(1, { schema: this.opts.schema });
        this.opts.logger.error(
          { id: p.id, topic: p.topic, attempts: p.attempts, error: p.last_error },
          'outbox row parked after repeated failures; later events of its key wait until an operator releases it',
        );
      }
      if (parked.length) await this.countParked();
      if (sent.length === 0) throw [...failed.values()][0].error;
    }
    return sent.length;
  }

  /**
   * Claims up to a batch of due rows by lease, in one short transaction: locks with SKIP LOCKED,
   * drops rows behind an older unpublished row of their key, leases the rest, commits.
   */
  private async claim(): Promise<ClaimedRow[]> {
    const s = `"${this.opts.schema}"`;
    const qr = this.opts.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const claimed: ClaimedRow[] = await qr.query(
        `SELECT seq, id, topic, message_key, envelope, traceparent, attempts FROM ${s}.outbox
         WHERE published_at IS NULL AND parked_at IS NULL AND next_attempt_at <= now()
           AND (lease_until IS NULL OR lease_until < now())
         ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      const rows = await this.withoutBlockedKeys(qr, claimed);
      if (rows.length)
        await qr.query(
          `UPDATE ${s}.outbox SET lease_until = now() + make_interval(secs => $2), leased_by = $3
           WHERE seq = ANY($1::bigint[])`,
          [rows.map((r) => r.seq), this.leaseMs / 1000, this.holder],
        );
      await qr.commitTransaction();
      return rows;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }

  /**
   * Publishes rows in seq order; when a publish fails for a reason of the records (not an
   * outage), splits the batch in halves until the rows at fault are alone. Once a row failed, the
   * later rows of its key are held back this round (per-key order). Outages propagate.
   */
  private async publishBisecting(
    rows: ClaimedRow[],
    sent: ClaimedRow[],
    failed: Map<string, { key: string; error: unknown }>,
  ): Promise<void> {
    const failedKeys = new Set([...failed.values()].map((f) => f.key));
    const eligible = rows.filter((r) => !failedKeys.has(keyOf(r)));
    if (eligible.length === 0) return;
    try {
      await this.publish(eligible);
    } catch (err) {
      if (infrastructureFaultOf(err)) throw err;
      if (eligible.length === 1) {
        failed.set(eligible[0].seq, { key: keyOf(eligible[0]), error: err });
        return;
      }
      const half = Math.ceil(eligible.length / 2);
      await this.publishBisecting(eligible.slice(0, half), sent, failed);
      await this.publishBisecting(eligible.slice(half), sent, failed);
      return;
    }
    await this.opts.hooks?.afterPublish?.(eligible.map((r) => r.id));
    faultPoint('relay.after-publish');
    sent.push(...eligible);
  }

  private async markPublished(rows: ClaimedRow[]): Promise<void> {
    const s = `"${this.opts.schema}"`;
    // Structured result: for UPDATE … RETURNING TypeORM otherwise returns [rows, count].
    const marked = await this.updateReturning<{ created_at: Date }>(
      `UPDATE ${s}.outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL,
         lease_until = NULL, leased_by = NULL
       WHERE seq = ANY($1::bigint[]) AND published_at IS NULL RETURNING created_at`,
      [rows.map((r) => r.seq)],
    );
    published.add(rows.length);
    const now = Date.now();
    for (const m of marked) {
      lag.record((now - new Date(m.created_at).getTime()) / 1000);
    }
  }

  /** Gives rows back (their claim ends now), noting why when an outage stopped them. */
  private async release(rows: ClaimedRow[], error?: string): Promise<void> {
    if (rows.length === 0) return;
    await this.opts.dataSource.query(
      `UPDATE "${this.opts.schema}".outbox SET lease_until = NULL, leased_by = NULL,
         last_error = COALESCE($2, last_error)
       WHERE seq = ANY($1::bigint[]) AND published_at IS NULL`,
      [rows.map((r) => r.seq), error?.slice(0, 2000) ?? null],
    );
  }

  /** The rows of an UPDATE … RETURNING (TypeORM's plain query() returns [rows, count] for it). */
  private async updateReturning<T>(sql: string, params: unknown[]): Promise<T[]> {
    const qr = this.opts.dataSource.createQueryRunner();
    try {
      const result = await qr.query(sql, params, true);
      return result.records as T[];
    } finally {
      await qr.release();
    }
  }

  /** Refreshes the parked-rows gauge. */
  async countParked(): Promise<number> {
    const [{ n }] = await this.opts.dataSource.query(
      `SELECT count(*)::int AS n FROM "${this.opts.schema}".outbox WHERE parked_at IS NOT NULL`,
    );
    parkedNow.set(this.opts.schema, n);
    this.lastParkedCount = Date.now();
    return n;
  }

  /**
   * Keeps, per key, only the claimed rows older than the key's oldest unpublished row outside this
   * claim (keeps per-key order). Two relays scanning concurrently can interleave their locks, so a
   * claim may hold seq 0 and 8–13 while the other holds 1–7: checking only before the first claimed
   * row is not enough, the gap matters too.
   */
  private async withoutBlockedKeys(qr: QueryRunner, claimed: ClaimedRow[]): Promise<ClaimedRow[]> {
    if (claimed.length === 0) return claimed;
    const keyOf = (topic: string, key: string) => `${topic}\u0000${key}`;
    const keys = new Map<string, { topic: string; key: string }>();
    for (const r of claimed)
      keys.set(keyOf(r.topic, r.message_key), { topic: r.topic, key: r.message_key });
    const outside: Array<{ topic: string; message_key: string; seq: string }> = await qr.query(
      `SELECT o.topic, o.message_key, min(o.seq)::text AS seq
       FROM jsonb_to_recordset($1::jsonb) AS c(topic text, key text)
       JOIN "${this.opts.schema}".outbox o ON o.topic = c.topic AND o.message_key = c.key
       WHERE o.published_at IS NULL AND NOT (o.seq = ANY($2::bigint[]))
       GROUP BY o.topic, o.message_key`,
      [JSON.stringify([...keys.values()]), claimed.map((r) => r.seq)],
    );
    if (outside.length === 0) return claimed;
    const limit = new Map(outside.map((o) => [keyOf(o.topic, o.message_key), BigInt(o.seq)]));
    return claimed.filter((r) => {
      const first = limit.get(keyOf(r.topic, r.message_key));
      return first === undefined || BigInt(r.seq) < first;
    });
  }

  private async publish(rows: ClaimedRow[]): Promise<void> {
    // One producer span per event, child of the request that wrote it (the outbox hop would
    // otherwise cut the trace: the relay runs later, in another context).
    const spans = rows.map((r) =>
      startSpan(
        `${r.topic} publish`,
        SpanKind.PRODUCER,
        contextFromTraceparent(r.traceparent ?? undefined),
        {
          [Attr.messagingSystem]: 'kafka',
          [Attr.messagingDestination]: r.topic,
          [Attr.messagingOperation]: 'publish',
          [Attr.eventType]: r.envelope.type,
          [Attr.eventId]: r.id,
        },
      ),
    );
    const records: OutgoingRecord[] = rows.map((r, i) => {
      const headers: Record<string, string> = {
        [Header.contentType]: CLOUDEVENTS_CONTENT_TYPE,
        [Header.ceId]: r.envelope.id,
        [Header.ceType]: r.envelope.type,
        [Header.ceSource]: r.envelope.source,
        [Header.ceSpecVersion]: '1.0',
      };
      const tp = traceparentOf(trace.setSpan(contextFromTraceparent(undefined), spans[i]));
      if (tp) headers[Header.traceparent] = tp;
      return { topic: r.topic, key: r.message_key, value: JSON.stringify(r.envelope), headers };
    });
    try {
      // Bounded below the lease: rows whose publish never answers are claimable again in time.
      await this.opts.publisher.publish(records, { timeoutMs: this.leaseMs / 2 });
    } catch (err) {
      for (const span of spans) span.recordException(err as Error);
      throw err;
    } finally {
      for (const span of spans) span.end();
    }
  }

  private async cleanupIfDue(): Promise<void> {
    if (Date.now() - this.lastParkedCount > 15_000) await this.countParked();
    if (Date.now() - this.lastCleanup < 10 * 60 * 1000) return;
    this.lastCleanup = Date.now();
    await this.opts.dataSource.query(
      `DELETE FROM "${this.opts.schema}".outbox WHERE published_at < now() - make_interval(secs => $1)`,
      [this.retentionMs / 1000],
    );
  }
}

function keyOf(r: { topic: string; message_key: string }): string {
  return `${r.topic}\u0000${r.message_key}`;
}
