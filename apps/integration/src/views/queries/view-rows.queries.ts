import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One row of a view as its readers see it. */
export interface ViewRecord {
  key: Record<string, unknown>;
  aggregates: Record<string, number | null>;
  lineage: Array<{ datasetId: string; deliveryIds: string[] }>;
  refreshedAt: string;
}

/** Read-side SQL of integrated views: row counts and pages of rows in refresh order. */
@Injectable()
export class ViewRowQueries {
  async rowCount(em: EntityManager, viewId: string): Promise<number> {
    const [{ n }] = await em.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM integration.view_rows WHERE view_id = $1`,
      [viewId],
    );
    return n;
  }

  /**
   * Rows after the cursor `after` (a row's `seq`, renewed whenever the row changes), one more than
   * `limit` so the caller knows whether a next page exists.
   */
  async page(
    em: EntityManager,
    viewId: string,
    after: number,
    limit: number,
  ): Promise<Array<{ seq: string; record: ViewRecord }>> {
    const rows = await em.query<
      Array<{
        seq: string;
        key_values: ViewRecord['key'];
        aggregates: ViewRecord['aggregates'];
        lineage: ViewRecord['lineage'];
        refreshed_at: Date;
      }>
    >(
      `SELECT seq, key_values, aggregates, lineage, refreshed_at FROM integration.view_rows
       WHERE view_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [viewId, after, limit + 1],
    );
    return rows.map((r) => ({
      seq: r.seq,
      record: {
        key: r.key_values,
        aggregates: r.aggregates,
        lineage: r.lineage,
        refreshedAt: new Date(r.refreshed_at).toISOString(),
      },
    }));
  }
}
