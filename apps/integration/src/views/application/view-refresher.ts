import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ViewRefreshedV1, type ViewRefreshTrigger } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Aggregation, Side, ViewDefinition } from '../domain/view-definition';

/** Rows changed by something, as SQL returning a `data` jsonb column, with its parameters. */
export interface ChangedRows {
  sql: string;
  params: unknown[];
}

interface ViewRow {
  view_id: string;
  owner_id: string;
  name: string;
  left_dataset_id: string;
  right_dataset_id: string;
  join_keys: ViewDefinition['joinKeys'];
  aggregations: Aggregation[];
}

export function toDefinition(r: ViewRow): ViewDefinition {
  return {
    viewId: r.view_id,
    ownerId: r.owner_id,
    name: r.name,
    leftDatasetId: r.left_dataset_id,
    rightDatasetId: r.right_dataset_id,
    joinKeys: r.join_keys,
    aggregations: r.aggregations,
  };
}

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

/**
 * Keeps integrated views current. A refresh recomputes, set-wise in one statement, the rows of the
 * join-key values a change touched (or all of them when a view is created): each side's current
 * records are grouped per key (subjects who withdrew consent for any purpose left out, since a view
 * serves several readers), the two groups inner-joined, the aggregates and lineage (the deliveries
 * behind each side) upserted, and rows whose key lost a side removed. Recomputing a key is
 * idempotent, so a superset of the touched keys is always correct. Runs in the caller's transaction:
 * a delivery, its view rows and their `view.refreshed` events commit together.
 */
@Injectable()
export class ViewRefresher {
  constructor(private readonly outbox: OutboxWriter) {}

  /** Refreshes every view over `datasetId` for the keys of `changed` rows of that dataset. */
  async afterChange(
    em: EntityManager,
    datasetId: string,
    changed: ChangedRows,
    trigger: ViewRefreshTrigger,
  ): Promise<void> {
    const views = await em.query<ViewRow[]>(
      `SELECT * FROM integration.views WHERE left_dataset_id = $1 OR right_dataset_id = $1 ORDER BY view_id`,
      [datasetId],
    );
    for (const v of views) {
      const def = toDefinition(v);
      const sides: Side[] = [];
      if (def.leftDatasetId === datasetId) sides.push('left');
      if (def.rightDatasetId === datasetId) sides.push('right');
      for (const side of sides) await this.refresh(em, def, trigger, { side, changed });
    }
  }

  /** Recomputes a view; with `scope` only the join keys of the changed rows on that side. */
  async refresh(
    em: EntityManager,
    def: ViewDefinition,
    trigger: ViewRefreshTrigger,
    scope?: { side: Side; changed: ChangedRows },
  ): Promise<void> {
    const p = new Params(scope?.changed.params ?? []);
    const keyOf = (side: Side, alias: string) =>
      `jsonb_build_array(${def.joinKeys.map((k) => `${alias}.data -> ${p.add(k[side])}::text`).join(', ')})`;
    const keysCte = scope
      ? `keys AS (SELECT DISTINCT ${keyOf(scope.side, 'c')} AS k FROM (${scope.changed.sql}) c),`
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
    const [counts] = await em.query<Array<{ keys: number; removed: number; upserted: number }>>(
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
    if (trigger.kind !== 'created' && counts.removed === 0 && counts.upserted === 0) return;
    await em.query(`UPDATE integration.views SET refreshed_at = now() WHERE view_id = $1`, [
      def.viewId,
    ]);
    const [{ rows, at }] = await em.query<Array<{ rows: number; at: Date }>>(
      `SELECT (SELECT count(*) FROM integration.view_rows WHERE view_id = $1)::int AS rows, now() AS at`,
      [def.viewId],
    );
    await this.outbox.append(
      em,
      ViewRefreshedV1.envelope(
        {
          viewId: def.viewId,
          ownerId: def.ownerId,
          leftDatasetId: def.leftDatasetId,
          rightDatasetId: def.rightDatasetId,
          trigger,
          keysRefreshed: counts.keys,
          rowsUpserted: counts.upserted,
          rowsRemoved: counts.removed,
          rowCount: rows,
          refreshedAt: new Date(at).toISOString(),
        },
        { source: 'integration', subject: def.viewId, time: at },
      ),
    );
  }
}
