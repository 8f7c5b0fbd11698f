import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChangedRecords } from '../../records/domain/changed-records';
import { changedRowsSql } from '../../records/persistence/changed-rows.sql';
import type { Aggregation, Side, ViewDefinition } from '../domain/view-definition';
import { ViewStore, type RecomputedRows } from '../domain/view-store';

interface ViewRow {
  view_id: string;
  owner_id: string;
  name: string;
  left_dataset_id: string;
  right_dataset_id: string;
  join_keys: ViewDefinition['joinKeys'];
  aggregations: Aggregation[];
  refreshed_at: Date;
}

const toDefinition = (r: ViewRow): ViewDefinition => ({
  viewId: r.view_id,
  ownerId: r.owner_id,
  name: r.name,
  leftDatasetId: r.left_dataset_id,
  rightDatasetId: r.right_dataset_id,
  joinKeys: r.join_keys,
  aggregations: r.aggregations,
});

/** Builds numbered parameters while a statement is assembled. */
class Params {
  readonly values: unknown[];
  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** `integration.views` and `integration.view_rows`. */
@Injectable()
export class PgViewStore extends ViewStore<EntityManager> {
  async add(em: EntityManager, def: ViewDefinition): Promise<void> {
    await em.query(
      `INSERT INTO integration.views (view_id, owner_id, name, left_dataset_id, right_dataset_id, join_keys, aggregations, created_at, refreshed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now())`,
      [
        def.viewId,
        def.ownerId,
        def.name,
        def.leftDatasetId,
        def.rightDatasetId,
        JSON.stringify(def.joinKeys),
        JSON.stringify(def.aggregations),
      ],
    );
  }

  async get(
    em: EntityManager,
    viewId: string,
  ): Promise<(ViewDefinition & { refreshedAt: Date }) | null> {
    const [row] = await em.query<ViewRow[]>(`SELECT * FROM integration.views WHERE view_id = $1`, [
      viewId,
    ]);
    return row ? { ...toDefinition(row), refreshedAt: row.refreshed_at } : null;
  }

  async overDataset(em: EntityManager, datasetId: string): Promise<ViewDefinition[]> {
    const rows = await em.query<ViewRow[]>(
      `SELECT * FROM integration.views WHERE left_dataset_id = $1 OR right_dataset_id = $1 ORDER BY view_id`,
      [datasetId],
    );
    return rows.map(toDefinition);
  }

  /**
   * One statement: each side's current records grouped per join-key value (withdrawn or expired
   * subjects left out), the two groups inner-joined, the aggregates and lineage (the deliveries
   * behind each side) upserted — rows whose values did not change are not rewritten — and rows
   * whose key lost a side removed.
   */
  async recompute(
    em: EntityManager,
    def: ViewDefinition,
    scope?: { side: Side; changed: ChangedRecords },
  ): Promise<RecomputedRows> {
    const changed = scope ? changedRowsSql(scope.changed) : undefined;
    const p = new Params(changed?.params ?? []);
    const keyOf = (side: Side, alias: string) =>
      `jsonb_build_array(${def.joinKeys.map((k) => `${alias}.data -> ${p.add(k[side])}::text`).join(', ')})`;
    const keysCte =
      scope && changed
        ? `keys AS (SELECT DISTINCT ${keyOf(scope.side, 'c')} AS k FROM (${changed.sql}) c),`
        : '';
    const onlyKeys = (side: Side) =>
      scope ? `AND ${keyOf(side, 'r')} IN (SELECT k FROM keys)` : '';
    const agg = (a: Aggregation, i: number) => {
      if (a.fn === 'count') return `count(*) AS a${i}`;
      const f = p.add(a.field);
      const num = `CASE WHEN jsonb_typeof(r.data -> ${f}::text) = 'number' THEN (r.data ->> ${f}::text)::numeric END`;
      return a.fn === 'avg' ? `round(avg(${num}), 6) AS a${i}` : `${a.fn}(${num}) AS a${i}`;
    };
    const side = (s: Side, datasetParam: string) => {
      const aggs = def.aggregations
        .map((a, i) => (a.source === s ? agg(a, i) : null))
        .filter(Boolean);
      return `SELECT ${keyOf(s, 'r')} AS k, array_agg(DISTINCT r.delivery_id::text) AS d${aggs.length ? ', ' + aggs.join(', ') : ''}
        FROM integration.records r
        WHERE r.dataset_id = ${datasetParam}::uuid AND r.valid_to IS NULL ${onlyKeys(s)}
          AND NOT EXISTS (SELECT 1 FROM integration.subject_consents sc WHERE sc.dataset_id = r.dataset_id
                          AND sc.subject_id = r.subject_id AND sc.status IN ('withdrawn', 'expired'))
        GROUP BY 1`;
    };
    const L = p.add(def.leftDatasetId);
    const R = p.add(def.rightDatasetId);
    const V = p.add(def.viewId);
    const aggregates = `jsonb_build_object(${def.aggregations
      .map((a, i) => `${p.add(a.name)}::text, ${a.source === 'left' ? 'l' : 'rr'}.a${i}`)
      .join(', ')})`;
    const keyValues = `jsonb_build_object(${def.joinKeys
      .map((k, i) => `${p.add(k.left)}::text, l.k -> ${i}`)
      .join(', ')})`;
    const [counts] = await em.query<RecomputedRows[]>(
      `WITH ${keysCte}
       l AS (${side('left', L)}),
       rr AS (${side('right', R)}),
       j AS (SELECT l.k, ${keyValues} AS kv, ${aggregates} AS aggregates,
                    jsonb_build_array(jsonb_build_object('datasetId', ${L}::text, 'deliveryIds', to_jsonb(l.d)),
                                      jsonb_build_object('datasetId', ${R}::text, 'deliveryIds', to_jsonb(rr.d))) AS lineage
             FROM l JOIN rr ON rr.k = l.k),
       del AS (DELETE FROM integration.view_rows v WHERE v.view_id = ${V}::uuid
                 ${scope ? 'AND v.row_key IN (SELECT k FROM keys)' : ''}
                 AND NOT EXISTS (SELECT 1 FROM j WHERE j.k = v.row_key) RETURNING 1),
       up AS (INSERT INTO integration.view_rows (view_id, row_key, key_values, aggregates, lineage, refreshed_at)
              SELECT ${V}::uuid, k, kv, aggregates, lineage, now() FROM j
              ON CONFLICT (view_id, row_key) DO UPDATE SET key_values = EXCLUDED.key_values,
                aggregates = EXCLUDED.aggregates, lineage = EXCLUDED.lineage,
                refreshed_at = EXCLUDED.refreshed_at, seq = DEFAULT
              WHERE view_rows.aggregates IS DISTINCT FROM EXCLUDED.aggregates
                 OR view_rows.lineage IS DISTINCT FROM EXCLUDED.lineage
              RETURNING 1)
       SELECT ${scope ? '(SELECT count(*) FROM keys)' : '(SELECT count(*) FROM j)'}::int AS keys,
              (SELECT count(*) FROM del)::int AS removed, (SELECT count(*) FROM up)::int AS upserted`,
      p.values,
    );
    return counts;
  }

  async markRefreshed(em: EntityManager, viewId: string): Promise<{ rows: number; at: Date }> {
    const [r] = await em.query<Array<{ rows: number; at: Date }>>(
      `WITH stamped AS (UPDATE integration.views SET refreshed_at = now() WHERE view_id = $1 RETURNING 1)
       SELECT (SELECT count(*) FROM integration.view_rows WHERE view_id = $1)::int AS rows, now() AS at
       FROM stamped`,
      [viewId],
    );
    return { rows: r.rows, at: new Date(r.at) };
  }
}
