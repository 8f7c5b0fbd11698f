import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppError } from '@dx/contracts';

/** What every list takes: a page size and the cursor of the previous page. */
export interface ListQuery {
  limit: number;
  cursor?: string;
}

/** `?limit=&cursor=` of every list (default 50, max 500; docs/architecture.md, "API conventions"). */
export class ListQueryDto implements ListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'opaque; the `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

/**
 * A query parameter that takes several values: `?theme=TRAN&theme=REGI` and `?theme=TRAN,REGI` both
 * mean "any of these". Use with `@Transform(queryList)`.
 */
export const queryList = ({ value }: { value: unknown }): string[] | undefined =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).filter(Boolean);

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursors are opaque base64url JSON; clients must not build them. */
export function encodeCursor(position: unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor and checks its shape, so a forged one is a 400 and never reaches SQL. */
export function decodeCursor<T extends unknown[]>(
  cursor: string | undefined,
  arity: number,
  isPosition: (v: unknown[]) => v is T,
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === arity && isPosition(value)) return value;
  } catch {
    // fall through to the 400 below
  }
  throw new AppError(
    'invalid',
    'REQUEST.INVALID_CURSOR',
    'the cursor is not one this list issued',
    [{ path: 'cursor', message: 'is not a cursor from this list; start again without it' }],
  );
}

/**
 * The `?cursor=` of a list keyed by an increasing integer (a sequence or a line number): 0 when
 * absent, a 400 for anything that is not such a number.
 */
export function integerCursor(cursor: string | undefined): number {
  const after = cursor === undefined ? 0 : Number(cursor);
  if (Number.isSafeInteger(after) && after >= 0) return after;
  throw new AppError(
    'invalid',
    'REQUEST.INVALID_CURSOR',
    'the cursor is not one this list issued',
    [{ path: 'cursor', message: 'is not a cursor from this list' }],
  );
}
