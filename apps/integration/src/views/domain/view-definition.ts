import type { FieldError } from '@dx/contracts';

/** An integrated view: two datasets joined on keys, aggregated per join-key value. */
export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';
export const AGGREGATE_FNS: readonly AggregateFn[] = ['count', 'sum', 'avg', 'min', 'max'];
export type Side = 'left' | 'right';

export interface Aggregation {
  /** The output name in each row's `aggregates`. */
  name: string;
  fn: AggregateFn;
  source: Side;
  /** Required for every function but count. */
  field?: string;
}

export interface ViewDefinition {
  viewId: string;
  ownerId: string;
  name: string;
  leftDatasetId: string;
  rightDatasetId: string;
  joinKeys: Array<{ left: string; right: string }>;
  aggregations: Aggregation[];
}

/** A dataset schema's top-level properties, as declared (type may be a string or a list). */
export type Properties = Record<string, { type?: string | string[] } | undefined>;

/** The fields a view reads from one side: its join keys and aggregated fields. */
export function fieldsUsed(
  def: Pick<ViewDefinition, 'joinKeys' | 'aggregations'>,
  side: Side,
): string[] {
  const keys = def.joinKeys.map((k) => k[side]);
  const aggs = def.aggregations.filter((a) => a.source === side && a.field).map((a) => a.field!);
  return [...new Set([...keys, ...aggs])];
}

const isNumeric = (p: Properties[string]): boolean => {
  const t = p?.type;
  const types = Array.isArray(t) ? t : t ? [t] : [];
  return types.some((x) => x === 'number' || x === 'integer');
};

/**
 * Checks a definition against both schemas: join fields exist on their side, aggregation names are
 * unique, every function but count names a field of its side, and sum/avg/min/max fields are
 * numeric. Returns each offence with its path (empty when the definition is sound).
 */
export function checkDefinition(
  def: Pick<ViewDefinition, 'leftDatasetId' | 'rightDatasetId' | 'joinKeys' | 'aggregations'>,
  props: { left: Properties; right: Properties },
): FieldError[] {
  const errors: FieldError[] = [];
  if (def.leftDatasetId === def.rightDatasetId)
    errors.push({ path: 'right.datasetId', message: 'must be another dataset than left' });
  def.joinKeys.forEach((k, i) => {
    for (const side of ['left', 'right'] as const)
      if (!props[side][k[side]])
        errors.push({
          path: `joinKeys[${i}].${side}`,
          message: `is not a field of the ${side} dataset`,
        });
  });
  const seen = new Set<string>();
  def.aggregations.forEach((a, i) => {
    if (seen.has(a.name))
      errors.push({
        path: `aggregations[${i}].name`,
        message: 'repeats an earlier aggregation name',
      });
    seen.add(a.name);
    if (a.fn === 'count') return;
    if (!a.field) {
      errors.push({ path: `aggregations[${i}].field`, message: `is required for ${a.fn}` });
      return;
    }
    const p = props[a.source][a.field];
    if (!p)
      errors.push({
        path: `aggregations[${i}].field`,
        message: `is not a field of the ${a.source} dataset`,
      });
    else if (!isNumeric(p))
      errors.push({
        path: `aggregations[${i}].field`,
        message: `${a.fn} needs a number or integer field`,
      });
  });
  return errors;
}
