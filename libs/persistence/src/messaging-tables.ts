import type { QueryRunner } from 'typeorm';

/**
 * DDL of the tables every service needs for reliable messaging and idempotent HTTP commands.
 * Each service's first migration calls this for its own schema, so the tables live beside the
 * business tables they commit with.
 */
export async function createMessagingTables(q: QueryRunner, schema: string): Promise<void> {
  const s = `"${schema}"`;
  // Transactional outbox. `seq` gives the publication order (per-key order relies on it).
  await q.query(`
    CREATE TABLE ${s}.outbox (
      seq             bigserial    NOT NULL,
      id              uuid         NOT NULL,
      topic           text         NOT NULL,
      message_key     text         NOT NULL,
      envelope        jsonb        NOT NULL,
      headers         jsonb        NOT NULL DEFAULT '{}'::jsonb,
      traceparent     text         NULL,
      created_at      timestamptz  NOT NULL DEFAULT now(),
      published_at    timestamptz  NULL,
      attempts        integer      NOT NULL DEFAULT 0,
      next_attempt_at timestamptz  NOT NULL DEFAULT now(),
      last_error      text         NULL,
      CONSTRAINT pk_outbox PRIMARY KEY (seq),
      CONSTRAINT uq_outbox_id UNIQUE (id)
    )`);
  await q.query(`CREATE INDEX ix_outbox_pending ON ${s}.outbox (seq) WHERE published_at IS NULL`);
  await q.query(
    `CREATE INDEX ix_outbox_pending_key ON ${s}.outbox (topic, message_key, seq) WHERE published_at IS NULL`,
  );
  // Inbox: one row per consumed envelope and consumer group; the primary key drops duplicates.
  await q.query(`
    CREATE TABLE ${s}.inbox (
      consumer_group text        NOT NULL,
      event_id       uuid        NOT NULL,
      event_type     text        NOT NULL,
      topic          text        NOT NULL,
      kafka_partition integer    NOT NULL,
      kafka_offset   bigint      NOT NULL,
      processed_at   timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_inbox PRIMARY KEY (consumer_group, event_id)
    )`);
  // Idempotency-Key store for creating POSTs: the response is saved in the effect's transaction.
  await q.query(`
    CREATE TABLE ${s}.idempotency_keys (
      scope         text        NOT NULL,
      key           text        NOT NULL,
      request_hash  text        NOT NULL,
      status_code   integer     NULL,
      response_body jsonb       NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_idempotency_keys PRIMARY KEY (scope, key)
    )`);
}

export async function dropMessagingTables(q: QueryRunner, schema: string): Promise<void> {
  for (const t of ['idempotency_keys', 'inbox', 'outbox'])
    await q.query(`DROP TABLE "${schema}".${t}`);
}

/**
 * Participants suspended by an operator, as every service learns it from catalog.participant.v1:
 * a suspended participant's tokens are refused at once, not only at its next token request. The
 * version makes a late redelivery of an older event harmless.
 *
 * Retention of the messaging rows: inbox rows and idempotency keys are purged by age (indexes
 * below). The inbox floor keeps, per consumer group and partition, the highest offset whose inbox
 * rows were purged: every record at or below it was processed, so a redelivery from there (offsets
 * lost while a service was down longer than the broker keeps them) is skipped, not applied again.
 */
export async function addSuspensionsAndRetention(q: QueryRunner, schema: string): Promise<void> {
  const s = `"${schema}"`;
  await q.query(`
    CREATE TABLE ${s}.participant_suspensions (
      participant_id uuid        NOT NULL,
      suspended      boolean     NOT NULL,
      version        integer     NOT NULL,
      changed_at     timestamptz NOT NULL,
      CONSTRAINT pk_participant_suspensions PRIMARY KEY (participant_id)
    )`);
  await q.query(`
    CREATE TABLE ${s}.inbox_floor (
      consumer_group  text    NOT NULL,
      topic           text    NOT NULL,
      kafka_partition integer NOT NULL,
      max_offset      bigint  NOT NULL,
      CONSTRAINT pk_inbox_floor PRIMARY KEY (consumer_group, topic, kafka_partition)
    )`);
  await q.query(`CREATE INDEX ix_inbox_processed_at ON ${s}.inbox (processed_at)`);
  await q.query(
    `CREATE INDEX ix_idempotency_keys_created_at ON ${s}.idempotency_keys (created_at)`,
  );
}

export async function dropSuspensionsAndRetention(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE "${schema}".inbox_floor`);
  await q.query(`DROP INDEX "${schema}".ix_idempotency_keys_created_at`);
  await q.query(`DROP INDEX "${schema}".ix_inbox_processed_at`);
  await q.query(`DROP TABLE "${schema}".participant_suspensions`);
}

/**
 * Operability under failure.
 *
 * Outbox leases: the relay claims rows by writing `lease_until` in a short transaction, commits,
 * publishes, then marks them published, so no transaction stays open across a broker call (an
 * outage used to leave relays `idle in transaction` holding their rows). A lease that runs out
 * (a relay died mid-publish) makes the rows claimable again. `parked_at`: a row that failed
 * OUTBOX_MAX_ATTEMPTS times for a fault of its own is set aside (metric, alert) until an operator
 * releases it; later rows of its key wait behind it, so per-key order still holds.
 *
 * Consumer progress: per consumer group and partition, the offset a consumer is working on and
 * whether that work finished. A start at the same offset while the last one never finished means
 * the process died on it; after CONSUMER_MAX_CRASHES such deaths on one record it is dead-lettered
 * without running its handler again, and the partition moves on.
 */
export async function addOutboxLeasesAndConsumerProgress(
  q: QueryRunner,
  schema: string,
): Promise<void> {
  const s = `"${schema}"`;
  await q.query(`
    ALTER TABLE ${s}.outbox
      ADD COLUMN lease_until timestamptz NULL,
      ADD COLUMN leased_by   text        NULL,
      ADD COLUMN parked_at   timestamptz NULL`);
  await q.query(`CREATE INDEX ix_outbox_parked ON ${s}.outbox (seq) WHERE parked_at IS NOT NULL`);
  await q.query(`
    CREATE TABLE ${s}.consumer_progress (
      consumer_group  text        NOT NULL,
      topic           text        NOT NULL,
      kafka_partition integer     NOT NULL,
      kafka_offset    bigint      NOT NULL,
      in_flight       boolean     NOT NULL,
      crashes         integer     NOT NULL DEFAULT 0,
      started_at      timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_consumer_progress PRIMARY KEY (consumer_group, topic, kafka_partition)
    )`);
}

export async function dropOutboxLeasesAndConsumerProgress(
  q: QueryRunner,
  schema: string,
): Promise<void> {
  const s = `"${schema}"`;
  await q.query(`DROP TABLE ${s}.consumer_progress`);
  await q.query(`DROP INDEX ${s}.ix_outbox_parked`);
  await q.query(
    `ALTER TABLE ${s}.outbox DROP COLUMN parked_at, DROP COLUMN leased_by, DROP COLUMN lease_until`,
  );
}
