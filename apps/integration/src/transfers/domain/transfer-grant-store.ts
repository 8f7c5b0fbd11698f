import type { TransferGrant } from './transfer-grant';

/** Pull grants, `Tx` being the caller's transaction. Tokens are kept as SHA-256 digests only. */
export abstract class TransferGrantStore<Tx> {
  abstract add(tx: Tx, grant: TransferGrant, tokenDigest: Buffer): Promise<void>;
  /** The grant, locked for update when `forUpdate`. */
  abstract get(tx: Tx, id: string, forUpdate?: boolean): Promise<TransferGrant | null>;
  /** The grant whose token has this digest, if it is the grant named. */
  abstract byToken(tx: Tx, id: string, tokenDigest: Buffer): Promise<TransferGrant | null>;
  abstract save(tx: Tx, grant: TransferGrant): Promise<void>;
}
