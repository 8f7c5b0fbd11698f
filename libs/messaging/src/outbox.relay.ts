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
import { CLOUDEVENTS_CONTENT_TYPE, Header, type EventEnvelope } from '@dx/contracts';
import { backoffMs, delay } from './backoff';
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
 * Publishes committed outbox rows to Kafka. Claims a batch with FOR UPDATE SKIP LOCKED (several
 * replicas share the work), publishes with the idempotent producer, marks the rows published, and
 * retries failures with backoff for ever. Wakes on NOTIFY at commit, polls as a fallback.
 *
 * Per-key order: a batch never contains a row whose key has an older unpublished row held by another
 * relay or waiting for its retry; such keys wait for the next round.
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

  constructor(private readonly opts: OutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 500;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.retentionMs = opts.retentionMs ?? 7 * 24 * 3600 * 1000;
  }

  async start(): Promise<void> {
    if (this.opts.listenUrl) await this.listen(this.opts.listenUrl);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
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
    const s = `"${this.opts.schema}"`;
    const qr = this.opts.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const claimed: ClaimedRow[] = await qr.query(
        `SELECT seq, id, topic, message_key, envelope, traceparent, attempts FROM ${s}.outbox
         WHERE published_at IS NULL AND next_attempt_at <= now()
         ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      const rows = await this.withoutBlockedKeys(qr, claimed);
      if (rows.length === 0) {
        await qr.commitTransaction();
        return 0;
      }
      const seqs = rows.map((r) => r.seq);
      try {
        await this.publish(rows);
      } catch (err) {
        failures.add(rows.length);
        const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
        await qr.query(
          `UPDATE ${s}.outbox SET attempts = attempts + 1, last_error = $2,
             next_attempt_at = now() + make_interval(secs => $3)
           WHERE seq = ANY($1::bigint[])`,
          [
            seqs,
            String((err as Error).message).slice(0, 2000),
            backoffMs(attempts, 500, 60_000) / 1000,
          ],
        );
        await qr.commitTransaction();
        throw err;
      }
      await this.opts.hooks?.afterPublish?.(rows.map((r) => r.id));
      // Structured result: for UPDATE … RETURNING TypeORM otherwise returns [rows, count].
      const marked = await qr.query(
        `UPDATE ${s}.outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL
         WHERE seq = ANY($1::bigint[]) RETURNING created_at`,
        [seqs],
        true,
      );
      await qr.commitTransaction();
      published.add(rows.length);
      const now = Date.now();
      for (const m of marked.records as Array<{ created_at: Date }>) {
        lag.record((now - new Date(m.created_at).getTime()) / 1000);
      }
      return rows.length;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
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
      await this.opts.publisher.publish(records);
    } catch (err) {
      for (const span of spans) span.recordException(err as Error);
      throw err;
    } finally {
      for (const span of spans) span.end();
    }
  }

  private async cleanupIfDue(): Promise<void> {
    if (Date.now() - this.lastCleanup < 10 * 60 * 1000) return;
    this.lastCleanup = Date.now();
    await this.opts.dataSource.query(
      `DELETE FROM "${this.opts.schema}".outbox WHERE published_at < now() - make_interval(secs => $1)`,
      [this.retentionMs / 1000],
    );
  }
}
