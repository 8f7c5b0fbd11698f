import type { SchemaDescribes } from './event-definition';

/*
 * Type-level tests of SchemaDescribes, run by the compiler (`npm run typecheck`, part of npm test;
 * nothing here runs): each line states what it must answer, and a wrong answer does not compile.
 * Every defineEvent call relies on it (a schema that does not describe its payload interface is a
 * compile error).
 */
const _pair = {
  type: 'object',
  required: ['a'],
  additionalProperties: true,
  properties: { a: { type: 'string' }, b: { enum: ['x', 'y'] } },
} as const;
interface Pair {
  a: string;
  b?: 'x' | 'y';
}
export const describesPair: SchemaDescribes<typeof _pair, Pair> = true;
export const fieldNotInSchema: SchemaDescribes<typeof _pair, Pair & { c: number }> = false;
export const optionalVsRequired: SchemaDescribes<typeof _pair, Required<Pair>> = false;
export const enumMemberMissing: SchemaDescribes<typeof _pair, Pair & { b?: 'x' }> = false;
export const wrongType: SchemaDescribes<typeof _pair, Omit<Pair, 'a'> & { a: number }> = false;
