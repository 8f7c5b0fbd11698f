import type { RecordError } from './record-validator';

/** The per-delivery measures of docs/trust-model.md §11, each in [0, 1] (null: not applicable). */
export interface QualityReport {
  completeness: number;
  validity: number;
  uniqueness: number;
  consistency: number;
  currentness: number | null;
  crossSourceAgreement: number | null;
}

export interface QualityContext {
  /** Required (mandatory) top-level properties of the schema. */
  required: string[];
  /** Declared top-level properties. */
  properties: string[];
  primaryKey: string[];
  timeField?: string;
  /** The strictest agreed freshness on the dataset, if any. */
  freshnessMs?: number;
  receivedAt: Date;
  /**
   * Count repeated primary keys here (a set of every key: memory grows with the delivery), or leave
   * it to the caller, who reports the count with {@link QualityAccumulator.report} (e.g. from SQL).
   */
  countDuplicatesInMemory?: boolean;
}

/** Timestamps later than this after receipt are inconsistent (clock skew allowance). */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/**
 * Accumulates the quality of one delivery record by record (constant memory apart from the set of
 * primary keys, which uniqueness needs). Formulas:
 *   completeness = non-empty mandatory cells / mandatory cells
 *   validity     = 1 − cells with a schema error / declared cells present
 *   uniqueness   = 1 − records repeating an earlier primary key / records
 *   consistency  = 1 − time values after receipt / time values (1 without a time field)
 *   currentness  = time values within the agreed freshness of receipt / time values
 *                  (null without a time field or an agreed freshness)
 */
export class QualityAccumulator {
  private records = 0;
  private mandatory = 0;
  private mandatoryFilled = 0;
  private cells = 0;
  private badCells = 0;
  private duplicates = 0;
  private readonly keys = new Set<string>();
  private times = 0;
  private future = 0;
  private current = 0;

  constructor(private readonly ctx: QualityContext) {}

  add(record: Record<string, unknown>, errors: RecordError[]): void {
    this.records += 1;
    for (const f of this.ctx.required) {
      this.mandatory += 1;
      if (present(record[f])) this.mandatoryFilled += 1;
    }
    const declared = this.ctx.properties.filter((p) => record[p] !== undefined);
    this.cells += declared.length;
    const bad = new Set(
      errors
        .map((e) => e.path.split('/')[1])
        .filter((p) => p !== undefined && declared.includes(p)),
    );
    this.badCells += bad.size;
    if (this.ctx.countDuplicatesInMemory !== false) {
      const key = JSON.stringify(this.ctx.primaryKey.map((k) => record[k] ?? null));
      if (this.keys.has(key)) this.duplicates += 1;
      else this.keys.add(key);
    }
    const tf = this.ctx.timeField;
    if (tf && typeof record[tf] === 'string') {
      const t = Date.parse(record[tf]);
      if (!Number.isNaN(t)) {
        this.times += 1;
        const age = this.ctx.receivedAt.getTime() - t;
        if (-age > FUTURE_TOLERANCE_MS) this.future += 1;
        else if (this.ctx.freshnessMs !== undefined && age <= this.ctx.freshnessMs)
          this.current += 1;
      }
    }
  }

  /** @param duplicates repeated keys counted by the caller, when not counted in memory. */
  report(duplicates?: number): QualityReport {
    if (duplicates !== undefined) this.duplicates = duplicates;
    const ratio = (good: number, all: number): number => (all === 0 ? 1 : round(good / all));
    return {
      completeness: ratio(this.mandatoryFilled, this.mandatory),
      validity: ratio(this.cells - this.badCells, this.cells),
      uniqueness: ratio(this.records - this.duplicates, this.records),
      consistency: ratio(this.times - this.future, this.times),
      currentness:
        this.ctx.timeField && this.ctx.freshnessMs !== undefined && this.times > 0
          ? round(this.current / this.times)
          : null,
      crossSourceAgreement: null,
    };
  }
}

/** Six decimals: stable in events and tests, far finer than any threshold. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
