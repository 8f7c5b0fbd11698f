import { RE2JS } from 're2js';

/**
 * The regular-expression engine for partner-supplied JSON Schema `pattern`s and
 * `patternProperties` (ajv's `code.regExp`): RE2 semantics in linear time, so a pattern such as
 * `^(a+)+$` cannot backtrack catastrophically on a long string (ReDoS). RE2 has no backreferences
 * and no lookaround; a schema using them is refused when it is compiled (README, "Security").
 */
export const linearRegExp = Object.assign(
  (pattern: string, flags = ''): { test(s: string): boolean; toString(): string } => {
    const re = RE2JS.compile(RE2JS.translateRegExp(pattern));
    // ajv keys its compiled patterns by toString(): each pattern must have its own.
    return { test: (s: string) => re.test(s), toString: () => `/${pattern}/${flags}` };
  },
  // Only read by ajv's standalone code generation, which the platform does not use.
  { code: 'require("@dx/contracts").linearRegExp' },
);
