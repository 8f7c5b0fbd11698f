import { AppError, type FieldError } from '@dx/contracts';

/**
 * Limits on hostile input that hold before any parsing or validation of ours (README, "Security"):
 * a JSON body nested deeper than {@link MAX_JSON_DEPTH} is refused before it is parsed (a 50,000-deep
 * body or a 3,000-deep record schema overflowed the stack of recursive code further on), and a NUL
 * character in any text field or key is refused naming the field (PostgreSQL cannot store it in
 * text or jsonb, and no legitimate field needs it).
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of a JSON text, scanning bytes (strings skipped); stops past `limit`. */
export function jsonDepth(text: Buffer, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const b = text[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return max;
}

/** Throws 400 REQUEST.TOO_DEEP when a JSON body nests deeper than the limit. */
export function assertJsonDepth(text: Buffer, limit = MAX_JSON_DEPTH): void {
  if (jsonDepth(text, limit) > limit)
    throw new AppError(
      'invalid',
      'REQUEST.TOO_DEEP',
      `the JSON body nests deeper than ${limit} levels`,
      [{ path: '', message: `must not nest objects and arrays deeper than ${limit} levels` }],
    );
}

/** Every string value or key holding U+0000, by path (`a.b[2]`); iterative, so depth is no risk. */
export function findNulCharacters(value: unknown, root = ''): FieldError[] {
  const out: FieldError[] = [];
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        out.push({
          path: path || '(body)',
          message: 'must not contain the NUL character (U+0000)',
        });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        const here = path ? `${path}.${k}` : k;
        if (k.includes('\u0000'))
          out.push({ path: here, message: 'the field name must not contain the NUL character' });
        stack.push([item, here]);
      }
    }
  }
  return out.reverse();
}

/** Throws 400 REQUEST.NUL_CHARACTER naming every offending field. */
export function assertNoNulCharacters(value: unknown, root = ''): void {
  const found = findNulCharacters(value, root);
  if (found.length)
    throw new AppError(
      'invalid',
      'REQUEST.NUL_CHARACTER',
      `NUL characters in ${found.map((f) => f.path).join(', ')}`,
      found,
    );
}
