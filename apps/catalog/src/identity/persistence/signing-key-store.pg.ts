import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SigningKeyStore, type SigningKey } from '../domain/signing-key';

interface KeyRow {
  kid: string;
  algorithm: string;
  private_jwk: Record<string, unknown>;
  public_jwk: Record<string, unknown>;
  created_at: Date;
  retired_at: Date | null;
}

const toKey = (r: KeyRow): SigningKey => ({
  kid: r.kid,
  algorithm: r.algorithm,
  privateJwk: r.private_jwk,
  publicJwk: r.public_jwk,
  createdAt: new Date(r.created_at),
  retiredAt: r.retired_at ? new Date(r.retired_at) : null,
});

/** `catalog.signing_keys`; changes serialise on a transaction-scoped advisory lock. */
@Injectable()
export class PgSigningKeyStore extends SigningKeyStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /**
   * Two catalog replicas booting together (or rotating at once) would each create a key; under the
   * lock the second sees the first's key and uses it, so one key signs at a time.
   */
  underLock<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('catalog.signing_keys'))`);
      return work(em);
    });
  }

  /** The newest key not retired: the one tokens are signed with. */
  async active(em: EntityManager): Promise<SigningKey | null> {
    const [row] = await em.query<KeyRow[]>(
      `SELECT * FROM catalog.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1`,
    );
    return row ? toKey(row) : null;
  }

  async add(em: EntityManager, k: SigningKey): Promise<void> {
    await em.query(
      `INSERT INTO catalog.signing_keys (kid, algorithm, private_jwk, public_jwk, created_at, retired_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        k.kid,
        k.algorithm,
        JSON.stringify(k.privateJwk),
        JSON.stringify(k.publicJwk),
        k.createdAt,
        k.retiredAt,
      ],
    );
  }

  /**
   * A retired key signs nothing new but stays in the JWKS until the tokens it signed have expired,
   * so a rotation never invalidates a token in use.
   */
  async retire(em: EntityManager, kid: string, at: Date): Promise<void> {
    await em.query(`UPDATE catalog.signing_keys SET retired_at = $2 WHERE kid = $1`, [kid, at]);
  }

  async deleteRetiredBefore(em: EntityManager, before: Date): Promise<void> {
    await em.query(`DELETE FROM catalog.signing_keys WHERE retired_at < $1`, [before]);
  }

  async all(): Promise<SigningKey[]> {
    const rows = await this.dataSource.query<KeyRow[]>(`SELECT * FROM catalog.signing_keys`);
    return rows.map(toKey);
  }
}
