/** An ES256 key pair that signs access tokens (JWKs as JSON objects). */
export interface SigningKey {
  kid: string;
  algorithm: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  createdAt: Date;
  retiredAt: Date | null;
}

/**
 * The signing keys, shared by every replica. Changes run under one lock, so two replicas never
 * both create or rotate the active key.
 */
export abstract class SigningKeyStore<Tx> {
  /** Runs `work` in a transaction that holds the keys' lock. */
  abstract underLock<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** The active (unretired) key. */
  abstract active(tx: Tx): Promise<SigningKey | null>;
  abstract add(tx: Tx, key: SigningKey): Promise<void>;
  abstract retire(tx: Tx, kid: string, at: Date): Promise<void>;
  abstract deleteRetiredBefore(tx: Tx, before: Date): Promise<void>;
  abstract all(): Promise<SigningKey[]>;
}
