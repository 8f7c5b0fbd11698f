import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { faultPoint } from '@dx/messaging';

export interface CommandResult<T> {
  status: number;
  body: T;
  /** What a replay returns, when it must differ (e.g. a secret shown once is not stored). */
  replayBody?: unknown;
}

export interface IdempotentOutcome {
  status: number;
  /** The fresh body, or the stored one on a replay. */
  body: unknown;
  replayed: boolean;
}

/**
 * `Idempotency-Key` for creating POSTs. The key, a hash of the request and the response are stored
 * in the SAME transaction as the effect, so a retry after a crash either finds both or neither. A
 * concurrent duplicate blocks on the key's unique index until the first commits, then replays.
 */
export class IdempotencyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  async run<T>(
    opts: { key?: string; scope: string; request: unknown },
    work: (em: EntityManager) => Promise<CommandResult<T>>,
  ): Promise<IdempotentOutcome> {
    if (!opts.key) {
      const r = await this.dataSource.transaction(work);
      faultPoint('http.after-commit');
      return { status: r.status, body: r.body, replayed: false };
    }
    if (opts.key.length > 200)
      throw new AppError(
        'invalid',
        'IDEMPOTENCY.KEY_TOO_LONG',
        'Idempotency-Key is longer than 200 characters',
      );
    const hash = createHash('sha256')
      .update(JSON.stringify(opts.request ?? null))
      .digest('hex');
    const t = `"${this.schema}".idempotency_keys`;
    const outcome = await this.dataSource.transaction(async (em): Promise<IdempotentOutcome> => {
      const inserted: unknown[] = await em.query(
        `INSERT INTO ${t} (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
        [opts.scope, opts.key, hash],
      );
      if (inserted.length === 0) {
        const [prior]: Array<{
          request_hash: string;
          status_code: number;
          response_body: unknown;
        }> = await em.query(
          `SELECT request_hash, status_code, response_body FROM ${t} WHERE scope = $1 AND key = $2`,
          [opts.scope, opts.key],
        );
        if (prior.request_hash !== hash) {
          throw new AppError(
            'unprocessable',
            'IDEMPOTENCY.KEY_REUSED',
            'this Idempotency-Key was used for a different request',
          );
        }
        return { status: prior.status_code, body: prior.response_body, replayed: true };
      }
      const r = await work(em);
      await em.query(
        `UPDATE ${t} SET status_code = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
        [opts.scope, opts.key, r.status, JSON.stringify(r.replayBody ?? r.body)],
      );
      return { status: r.status, body: r.body, replayed: false };
    });
    // Committed, not yet answered: a death here leaves the client an unknown outcome.
    if (!outcome.replayed) faultPoint('http.after-commit');
    return outcome;
  }
}
