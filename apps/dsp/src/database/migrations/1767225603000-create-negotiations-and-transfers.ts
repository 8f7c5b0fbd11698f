import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What DSP adds to the platform's own state (docs/adr/2026-12-06-dataspace-protocol.md): one row
 * per contract negotiation and per transfer process, and the messages owed to peers.
 */
export class CreateNegotiationsAndTransfers1767225603000 implements MigrationInterface {
  name = 'CreateNegotiationsAndTransfers1767225603000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dsp.negotiations (
        provider_pid text PRIMARY KEY,
        consumer_pid text NOT NULL,
        consumer_id uuid NOT NULL,
        callback_address text NOT NULL,
        state text NOT NULL,
        dataset_id uuid NOT NULL,
        agreement_id uuid,
        offer jsonb NOT NULL,
        agreement jsonb,
        term_version integer NOT NULL DEFAULT 1,
        reason text,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (consumer_id, consumer_pid)
      )`);
    await q.query(`CREATE UNIQUE INDEX negotiations_agreement ON dsp.negotiations (agreement_id)`);
    await q.query(`
      CREATE TABLE dsp.transfers (
        provider_pid text PRIMARY KEY,
        consumer_pid text NOT NULL,
        consumer_id uuid NOT NULL,
        callback_address text NOT NULL,
        agreement_id uuid NOT NULL,
        state text NOT NULL,
        grant_id uuid,
        reason text,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (consumer_id, consumer_pid)
      )`);
    await q.query(`
      CREATE TABLE dsp.outbound_messages (
        id bigserial PRIMARY KEY,
        provider_pid text NOT NULL,
        url text NOT NULL,
        audience text NOT NULL,
        body jsonb NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        sent_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX outbound_due ON dsp.outbound_messages (next_attempt_at) WHERE sent_at IS NULL`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dsp.outbound_messages, dsp.transfers, dsp.negotiations`);
  }
}
