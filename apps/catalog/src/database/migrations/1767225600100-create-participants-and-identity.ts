import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateParticipantsAndIdentity1767225600100 implements MigrationInterface {
  name = 'CreateParticipantsAndIdentity1767225600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog.participants (
        id            uuid        NOT NULL,
        name          text        NOT NULL,
        kind          text        NOT NULL,
        legal_id      char(12)    NOT NULL,
        sector        text        NOT NULL,
        contact_email text        NOT NULL,
        status        text        NOT NULL DEFAULT 'active',
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        version       integer     NOT NULL DEFAULT 1,
        CONSTRAINT pk_participants PRIMARY KEY (id),
        CONSTRAINT uq_participants_legal_id UNIQUE (legal_id),
        CONSTRAINT ck_participants_kind CHECK (kind IN ('municipality', 'business', 'ngo')),
        CONSTRAINT ck_participants_status CHECK (status IN ('active', 'suspended'))
      )`);
    // OAuth2 client credentials: only a slow hash of the secret is kept.
    await q.query(`
      CREATE TABLE catalog.oauth_clients (
        client_id      text        NOT NULL,
        participant_id uuid        NOT NULL,
        secret_hash    text        NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_oauth_clients PRIMARY KEY (client_id),
        CONSTRAINT fk_oauth_clients_participant FOREIGN KEY (participant_id) REFERENCES catalog.participants (id)
      )`);
    await q.query(
      `CREATE INDEX ix_oauth_clients_participant ON catalog.oauth_clients (participant_id)`,
    );
    // Token signing keys. Retired keys stay published until every token they signed has expired.
    await q.query(`
      CREATE TABLE catalog.signing_keys (
        kid         text        NOT NULL,
        algorithm   text        NOT NULL,
        private_jwk jsonb       NOT NULL,
        public_jwk  jsonb       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        retired_at  timestamptz NULL,
        CONSTRAINT pk_signing_keys PRIMARY KEY (kid)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalog.signing_keys`);
    await q.query(`DROP TABLE catalog.oauth_clients`);
    await q.query(`DROP TABLE catalog.participants`);
  }
}
