import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { StandardStore } from '../domain/standard-store';

/** `catalog.standards` and `catalog.participant_standards`. */
@Injectable()
export class PgStandardStore extends StandardStore<EntityManager> {
  async exists(em: EntityManager, code: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(`SELECT 1 FROM catalog.standards WHERE code = $1`, [
      code,
    ]);
    return rows.length > 0;
  }

  async codes(em: EntityManager): Promise<string[]> {
    const rows = await em.query<Array<{ code: string }>>(
      `SELECT code FROM catalog.standards ORDER BY code`,
    );
    return rows.map((r) => r.code);
  }

  async adoptedAt(em: EntityManager, participantId: string, code: string): Promise<Date | null> {
    const [row] = await em.query<Array<{ adopted_at: Date }>>(
      `SELECT adopted_at FROM catalog.participant_standards WHERE participant_id = $1 AND standard_code = $2`,
      [participantId, code],
    );
    return row ? new Date(row.adopted_at) : null;
  }

  /**
   * A plain insert: the caller has checked adoptedAt under the participant's lock, so a duplicate
   * here would be a bug to hear about, not a case to absorb.
   */
  async adopt(em: EntityManager, participantId: string, code: string, at: Date): Promise<void> {
    await em.query(
      `INSERT INTO catalog.participant_standards (participant_id, standard_code, adopted_at) VALUES ($1, $2, $3)`,
      [participantId, code, at],
    );
  }

  async revoke(em: EntityManager, participantId: string, code: string): Promise<boolean> {
    // A CTE, so the answer is rows: TypeORM returns [rows, count] for a bare DELETE … RETURNING.
    const [{ n }] = await em.query<Array<{ n: number }>>(
      `WITH removed AS (DELETE FROM catalog.participant_standards WHERE participant_id = $1 AND standard_code = $2 RETURNING 1)
       SELECT count(*)::int AS n FROM removed`,
      [participantId, code],
    );
    return n > 0;
  }

  async adoptedBy(em: EntityManager, participantId: string): Promise<string[]> {
    const rows = await em.query<Array<{ standard_code: string }>>(
      `SELECT standard_code FROM catalog.participant_standards WHERE participant_id = $1 ORDER BY standard_code`,
      [participantId],
    );
    return rows.map((r) => r.standard_code);
  }
}
