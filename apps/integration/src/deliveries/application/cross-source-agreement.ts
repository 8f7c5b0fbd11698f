import type { PoolClient } from 'pg';
import type { CrossSourceSetting } from '../../datasets/domain/dataset-settings';

/**
 * Cross-source agreement (docs/trust-model.md §11): of this delivery's valid records that match an
 * entity of the overlapping dataset (equal `match` fields, its current rows), the share whose
 * `compare` attributes agree — numbers within the tolerance (absolute, or relative to the larger
 * magnitude), anything else exactly. Null when nothing matches. One hash join in SQL over the
 * staged records; when several rows of the other dataset share a match key, the latest one counts.
 */
export async function crossSourceAgreement(
  client: PoolClient,
  setting: CrossSourceSetting,
): Promise<{ matched: number; agreeing: number; share: number | null }> {
  const params: unknown[] = [setting.datasetId];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const ownKey = `jsonb_build_array(${setting.match.map((m) => `s.data -> ${p(m.field)}::text`).join(', ')})`;
  const otherKey = `jsonb_build_array(${setting.match.map((m) => `data -> ${p(m.otherField)}::text`).join(', ')})`;
  const agree = setting.compare
    .map((c) => {
      const a = `s.data -> ${p(c.field)}::text`;
      const b = `o.data -> ${p(c.otherField)}::text`;
      const tol = `${p(c.tolerance ?? 0)}::numeric`;
      const scale = c.relative ? `greatest(abs((${a})::numeric), abs((${b})::numeric))` : '1';
      return `coalesce(CASE WHEN jsonb_typeof(${a}) = 'number' AND jsonb_typeof(${b}) = 'number'
                 THEN abs((${a})::numeric - (${b})::numeric) <= ${tol} * ${scale}
                 ELSE ${a} = ${b} END, false)`;
    })
    .join(' AND ');
  const {
    rows: [r],
  } = await client.query<{ matched: number; agreeing: number }>(
    `WITH o AS (
       SELECT DISTINCT ON (k) k, data FROM (
         SELECT ${otherKey} AS k, data, id FROM integration.records
         WHERE dataset_id = $1 AND valid_to IS NULL) x
       ORDER BY k, id DESC)
     SELECT count(*)::int AS matched, count(*) FILTER (WHERE ${agree})::int AS agreeing
     FROM delivery_stage s JOIN o ON o.k = ${ownKey}
     WHERE s.errors IS NULL`,
    params,
  );
  return {
    matched: r.matched,
    agreeing: r.agreeing,
    share: r.matched === 0 ? null : Math.round((r.agreeing / r.matched) * 1e6) / 1e6,
  };
}
