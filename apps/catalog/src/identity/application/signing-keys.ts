import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
  type KeyObject,
} from 'jose';
import type { EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@dx/service-kit';
import type { CatalogConfig } from '../../config/catalog.config';
import { SigningKeyStore } from '../domain/signing-key';

export const SIGNING_ALGORITHM = 'ES256';

/**
 * The token signing keys: one active key signs; retired keys stay in the JWKS until every token they
 * signed has expired (rotation without breaking live tokens). Several replicas agree on the active
 * key because it lives in the database; creation is serialised by an advisory lock.
 */
@Injectable()
export class SigningKeys implements OnModuleInit {
  private active?: { kid: string; key: KeyObject | Uint8Array; createdAt: Date };
  private publicKeys = new Map<string, JWK>();
  // Imported once per key, not per request: importing an EC key took about 5 % of the catalog's
  // busy CPU in the search benchmark (bench/README.md, 2026-12-06). Replaced on every reload, so a
  // deleted key is forgotten with it. Services verifying through the JWKS URL get the same from
  // jose's remote key set.
  private importedKeys = new Map<string, Promise<KeyObject | Uint8Array>>();
  private loadedAt = 0;

  constructor(
    private readonly keys: SigningKeyStore<EntityManager>,
    @Inject(SERVICE_CONFIG) private readonly config: CatalogConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.keys.underLock(async (em) => {
      if (!(await this.keys.active(em))) await this.insertKey(em);
    });
    await this.reload();
  }

  private async insertKey(em: EntityManager): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, {
      extractable: true,
    });
    const kid = randomUUID();
    await this.keys.add(em, {
      kid,
      algorithm: SIGNING_ALGORITHM,
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALGORITHM },
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' },
      createdAt: new Date(),
      retiredAt: null,
    });
    return kid;
  }

  /**
   * Retires the active key and starts signing with a new one. The retired key stays in the JWKS
   * until every token it signed has expired (TTL plus a minute of clock skew), then is deleted.
   * `onlyIfOlderThan` makes the scheduled rotation a no-op when another replica just rotated.
   */
  async rotate(onlyIfOlderThan?: Date): Promise<{ kid: string; retiredKid: string | null }> {
    const result = await this.keys.underLock(async (em) => {
      const current = await this.keys.active(em);
      if (current && onlyIfOlderThan && current.createdAt > onlyIfOlderThan)
        return { kid: current.kid, retiredKid: null };
      const now = new Date();
      if (current) await this.keys.retire(em, current.kid, now);
      const kid = await this.insertKey(em);
      await this.keys.deleteRetiredBefore(em, new Date(now.getTime() - this.graceMs()));
      return { kid, retiredKid: current?.kid ?? null };
    });
    await this.reload();
    return result;
  }

  private graceMs(): number {
    return (this.config.TOKEN_TTL_SECONDS + 60) * 1000;
  }

  /** Keys change rarely; a short cache keeps replicas in step after a rotation. */
  private async reload(): Promise<void> {
    const graceMs = this.graceMs();
    const rows = await this.keys.all();
    const now = Date.now();
    this.publicKeys = new Map(
      rows
        .filter((r) => !r.retiredAt || now - r.retiredAt.getTime() < graceMs)
        .map((r) => [r.kid, r.publicJwk as JWK]),
    );
    this.importedKeys = new Map();
    const current = rows
      .filter((r) => !r.retiredAt)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    if (current)
      this.active = {
        kid: current.kid,
        key: await importJWK(current.privateJwk as JWK, SIGNING_ALGORITHM),
        createdAt: current.createdAt,
      };
    this.loadedAt = now;
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt <= 30_000) return;
    await this.reload();
    const maxAgeMs = this.config.SIGNING_KEY_ROTATION_DAYS * 86_400_000;
    if (this.active && Date.now() - this.active.createdAt.getTime() > maxAgeMs)
      await this.rotate(new Date(Date.now() - maxAgeMs));
  }

  async signingKey(): Promise<{ kid: string; key: KeyObject | Uint8Array }> {
    await this.fresh();
    if (!this.active) throw new Error('no active signing key');
    return this.active;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    await this.fresh();
    return { keys: [...this.publicKeys.values()] };
  }

  /** Key lookup for verifying our own tokens without an HTTP round trip to ourselves. */
  keyResolver(): JWTVerifyGetKey {
    return async (header) => {
      await this.fresh();
      let jwk = header.kid ? this.publicKeys.get(header.kid) : undefined;
      if (!jwk) {
        await this.reload();
        jwk = header.kid ? this.publicKeys.get(header.kid) : undefined;
      }
      if (!jwk) throw Object.assign(new Error('unknown kid'), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
      let key = this.importedKeys.get(header.kid!);
      if (!key) {
        key = importJWK(jwk, SIGNING_ALGORITHM);
        this.importedKeys.set(header.kid!, key);
      }
      return key;
    };
  }
}
