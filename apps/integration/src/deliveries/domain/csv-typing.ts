type JsonSchema = Record<string, unknown>;

function typesOf(p: JsonSchema | undefined): string[] {
  const t = p?.type;
  return t === undefined ? [] : Array.isArray(t) ? (t as string[]) : [t as string];
}

/**
 * CSV cells are text; the record schema says what each column is. Cells are converted to the
 * declared type when they can be (a cell that cannot is left as text, so validation reports it with
 * its path). An empty cell is an absent value, or `null` where the schema allows null.
 */
export function typeCsvRow(
  row: Record<string, string>,
  schema: JsonSchema,
): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(row)) {
    const types = typesOf(props[column]);
    if (cell === '') {
      if (types.includes('null')) out[column] = null;
      continue;
    }
    out[column] = convert(cell, types);
  }
  return out;
}

function convert(cell: string, types: string[]): unknown {
  const trimmed = cell.trim();
  if (
    (types.includes('integer') || types.includes('number')) &&
    /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)
  )
    return Number(trimmed);
  if (types.includes('boolean')) {
    if (/^(true|1)$/i.test(trimmed)) return true;
    if (/^(false|0)$/i.test(trimmed)) return false;
  }
  if ((types.includes('object') || types.includes('array')) && /^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return cell;
    }
  }
  return cell;
}
