import type { AgreementTermsV1, FieldError } from '@dx/contracts';

/*
 * The platform's ODRL profile (docs/dataspace.md §3): how the terms of an agreement are written as
 * an ODRL policy for the Dataspace Protocol, and read back from a peer's offer. ODRL's own
 * vocabulary is used wherever it has the concept (purpose, dateTime, elapsedTime, use, distribute,
 * delete); the rest are left operands and actions of our profile, under a namespace the deployment
 * serves. Reading is strict: a policy says exactly what the platform can agree to, or it is refused
 * with the path of each rule, constraint or operand it cannot express.
 */

export const ODRL_NS = 'http://www.w3.org/ns/odrl/2/';

/** Compact JSON-LD as DSP 2025-1 writes it (the ODRL terms are in its context). */
export interface OdrlConstraint {
  leftOperand: string;
  operator: string;
  rightOperand: unknown;
}

export interface OdrlRule {
  action: string;
  constraint?: OdrlConstraint[];
}

export interface OdrlPolicy {
  '@id'?: string;
  '@type': 'Offer' | 'Agreement';
  profile?: string;
  target?: string;
  assigner?: string;
  assignee?: string;
  permission: OdrlRule[];
  prohibition?: OdrlRule[];
  obligation?: OdrlRule[];
}

/** The terms an ODRL policy carries: all of an agreement's terms except the reciprocal link. */
export type PolicyTerms = Omit<AgreementTermsV1, 'reciprocalAgreementId'>;

export type ParseResult = { ok: true; terms: PolicyTerms } | { ok: false; errors: FieldError[] };

/**
 * The profile's own names. The namespace is the deployment's (a profile must be dereferenceable,
 * and the platform serves its description there), so every function takes it.
 */
export const PROFILE_TERMS = {
  field: 'field',
  purposeDescription: 'purposeDescription',
  legalBasis: 'legalBasis',
  deliver: 'deliver',
  deliveryFrequency: 'deliveryFrequency',
  gracePeriod: 'gracePeriod',
  freshness: 'freshness',
  noticeOfTermination: 'noticeOfTermination',
  noticeOfChange: 'noticeOfChange',
  noticePeriod: 'noticePeriod',
} as const;

const DAYS = /^P(\d{1,5})D$/;
// ISO-8601 durations with date and time parts, no fractions or weeks mixed in (what the terms use).
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const days = (n: number): string => `P${n}D`;

const constraint = (leftOperand: string, operator: string, rightOperand: unknown) => ({
  leftOperand,
  operator,
  rightOperand,
});

/**
 * Terms as an ODRL policy. `use` is permitted for the purpose, the fields and the validity
 * window; onward sharing is a prohibition of `distribute`; retention is the consumer's duty to
 * `delete` within the retention period; delivery and notice are duties of the profile.
 */
export function termsToPolicy(
  terms: PolicyTerms,
  ns: string,
  frame: Pick<OdrlPolicy, '@id' | '@type' | 'target' | 'assigner' | 'assignee'>,
): OdrlPolicy {
  const p = (name: string) => `${ns}${name}`;
  const deliver: OdrlConstraint[] = [
    constraint(p(PROFILE_TERMS.deliveryFrequency), 'eq', terms.deliveryFrequency),
    constraint(p(PROFILE_TERMS.gracePeriod), 'lteq', terms.gracePeriod),
  ];
  if (terms.freshness)
    deliver.push(constraint(p(PROFILE_TERMS.freshness), 'lteq', terms.freshness));
  return {
    ...frame,
    profile: ns,
    permission: [
      {
        action: 'use',
        constraint: [
          constraint('purpose', 'eq', terms.purpose),
          constraint(p(PROFILE_TERMS.purposeDescription), 'eq', terms.purposeDescription),
          constraint(p(PROFILE_TERMS.legalBasis), 'eq', terms.legalBasis),
          constraint(p(PROFILE_TERMS.field), 'isAnyOf', [...terms.fields]),
          constraint('dateTime', 'gteq', terms.validFrom),
          constraint('dateTime', 'lt', terms.validTo),
        ],
      },
    ],
    ...(terms.onwardSharingProhibited ? { prohibition: [{ action: 'distribute' }] } : {}),
    obligation: [
      {
        action: 'delete',
        constraint: [constraint('elapsedTime', 'lteq', days(terms.retentionDays))],
      },
      { action: p(PROFILE_TERMS.deliver), constraint: deliver },
      {
        action: p(PROFILE_TERMS.noticeOfTermination),
        constraint: [
          constraint(p(PROFILE_TERMS.noticePeriod), 'gteq', days(terms.terminationNoticeDays)),
        ],
      },
      {
        action: p(PROFILE_TERMS.noticeOfChange),
        constraint: [
          constraint(p(PROFILE_TERMS.noticePeriod), 'gteq', days(terms.changeNoticeDays)),
        ],
      },
    ],
  };
}

/**
 * A term's name as one short form whatever way a peer wrote it: `purpose`, `odrl:purpose`, the ODRL
 * IRI, or `{ "@id": … }` all become `odrl:purpose`; our profile's become `dx:<name>`.
 */
export function termName(value: unknown, ns: string): string | null {
  const raw =
    typeof value === 'string'
      ? value
      : value &&
          typeof value === 'object' &&
          typeof (value as { '@id'?: unknown })['@id'] === 'string'
        ? (value as { '@id': string })['@id']
        : null;
  if (raw === null) return null;
  if (raw.startsWith(ns)) return `dx:${raw.slice(ns.length)}`;
  if (raw.startsWith(ODRL_NS)) return `odrl:${raw.slice(ODRL_NS.length)}`;
  if (raw.startsWith('odrl:')) return raw;
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(raw)) return `odrl:${raw}`;
  return raw;
}

/**
 * A policy with every list operand as a JSON list of literals again: EDC writes a list operand as
 * the JSON text of the list, and reads a list back as a list, so a policy echoed to it (an
 * agreement repeating its offer) must carry lists to compare equal with what it holds.
 */
export function withListOperands<T>(policy: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'rightOperand' && typeof v === 'string' && v.startsWith('[')) {
        const list = literals(v);
        out[k] = list ?? v;
      } else out[k] = walk(v);
    }
    return out;
  };
  return walk(policy) as T;
}

/** A right operand's literal(s): plain JSON, or JSON-LD value objects as a peer may expand them. */
function literal(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v['@value'] === 'string' || typeof v['@value'] === 'number')
      return String(v['@value']);
    if (typeof v['@id'] === 'string') return v['@id'];
  }
  return null;
}

function literals(value: unknown): string[] | null {
  // EDC writes a list operand as the JSON text of the list (of value objects): read it as the list.
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return literals(parsed);
    } catch {
      // not JSON: an ordinary literal that happens to start with '['
    }
  }
  const list = Array.isArray(value) ? value : [value];
  const out = list.map(literal);
  return out.every((v): v is string => v !== null) ? out : null;
}

const asArray = (value: unknown): unknown[] | null =>
  value === undefined
    ? []
    : Array.isArray(value)
      ? value
      : value && typeof value === 'object'
        ? [value]
        : null;

interface Collected {
  /** `odrl:purpose eq` and friends, keyed `<name> <operator>`; each may occur once. */
  values: Map<string, { path: string; value: unknown }>;
  errors: FieldError[];
}

/** Which (rule kind, action) pairs the profile knows, and the constraints each may carry. */
const RULES: Record<string, Record<string, string[]>> = {
  permission: {
    'odrl:use': [
      'odrl:purpose eq',
      'dx:purposeDescription eq',
      'dx:legalBasis eq',
      'dx:field isAnyOf',
      'odrl:dateTime gteq',
      'odrl:dateTime lt',
    ],
  },
  prohibition: { 'odrl:distribute': [] },
  obligation: {
    'odrl:delete': ['odrl:elapsedTime lteq'],
    'dx:deliver': ['dx:deliveryFrequency eq', 'dx:gracePeriod lteq', 'dx:freshness lteq'],
    'dx:noticeOfTermination': ['dx:noticePeriod gteq'],
    'dx:noticeOfChange': ['dx:noticePeriod gteq'],
  },
};

function collect(policy: Record<string, unknown>, ns: string): Collected & { prohibited: boolean } {
  const values = new Map<string, { path: string; value: unknown }>();
  const errors: FieldError[] = [];
  let prohibited = false;
  for (const kind of ['permission', 'prohibition', 'obligation'] as const) {
    const rules = asArray(policy[kind]);
    if (rules === null) {
      errors.push({ path: kind, message: 'must be an array of rules' });
      continue;
    }
    rules.forEach((rule, i) => {
      const at = `${kind}[${i}]`;
      if (!rule || typeof rule !== 'object' || Array.isArray(rule)) {
        errors.push({ path: at, message: 'must be an object' });
        return;
      }
      const r = rule as Record<string, unknown>;
      const action = termName(r.action, ns);
      const allowed = action === null ? undefined : RULES[kind][action];
      if (allowed === undefined) {
        errors.push({
          path: `${at}.action`,
          message: `'${action ?? JSON.stringify(r.action)}' is not an action of the platform's ODRL profile for ${kind} rules (${Object.keys(RULES[kind]).join(', ')})`,
        });
        return;
      }
      for (const extra of ['duty', 'refinement', 'target', 'assigner', 'assignee', 'remedy']) {
        if (r[extra] !== undefined)
          errors.push({
            path: `${at}.${extra}`,
            message: `the platform's ODRL profile has no ${extra} on a ${kind}`,
          });
      }
      if (kind === 'prohibition') prohibited = true;
      const constraints = asArray(r.constraint);
      if (constraints === null) {
        errors.push({ path: `${at}.constraint`, message: 'must be an array of constraints' });
        return;
      }
      constraints.forEach((c, j) => {
        const cat = `${at}.constraint[${j}]`;
        const co = (c ?? {}) as Record<string, unknown>;
        if (['and', 'or', 'xone', 'andSequence'].some((k) => co[k] !== undefined)) {
          errors.push({
            path: cat,
            message: 'logical constraints (and, or, xone, andSequence) are outside the profile',
          });
          return;
        }
        const left = termName(co.leftOperand, ns);
        const operator = termName(co.operator, ns)?.replace(/^odrl:/, '') ?? null;
        const key = `${left} ${operator}`;
        if (left === null || operator === null || !allowed.includes(key)) {
          errors.push({
            path: `${cat}.leftOperand`,
            message: `'${left ?? JSON.stringify(co.leftOperand)}' with operator '${operator ?? JSON.stringify(co.operator)}' is not a constraint of ${action} in the platform's ODRL profile${allowed.length ? ` (${allowed.join(', ')})` : ''}`,
          });
          return;
        }
        const slot = `${action} ${key}`;
        if (values.has(slot)) {
          errors.push({ path: cat, message: `'${key}' is given twice for ${action}` });
          return;
        }
        values.set(slot, { path: `${cat}.rightOperand`, value: co.rightOperand });
      });
    });
  }
  return { values, errors, prohibited };
}

/**
 * An ODRL policy (a peer's offer or request) read back into terms. Every problem is reported at
 * once with its path, so a peer fixes its offer in one round.
 */
export function policyToTerms(policy: unknown, ns: string): ParseResult {
  if (!policy || typeof policy !== 'object' || Array.isArray(policy))
    return { ok: false, errors: [{ path: '', message: 'must be an ODRL policy object' }] };
  const { values, errors, prohibited } = collect(policy as Record<string, unknown>, ns);
  const take = (
    slot: string,
    what: string,
    required = true,
  ): { path: string; value: unknown } | null => {
    const found = values.get(slot);
    if (!found && required) {
      const [action, ...constraintKey] = slot.split(' ');
      errors.push({
        path: `${action === 'odrl:use' ? 'permission' : 'obligation'}(${action})`,
        message: `missing: ${what} (${constraintKey.join(' ')})`,
      });
    }
    return found ?? null;
  };
  const text = (slot: string, what: string, check?: (v: string) => string | null): string => {
    const found = take(slot, what);
    if (!found) return '';
    const v = literal(
      Array.isArray(found.value) && found.value.length === 1 ? found.value[0] : found.value,
    );
    if (v === null || v.length === 0) {
      errors.push({ path: found.path, message: `${what} must be a non-empty string` });
      return '';
    }
    const problem = check?.(v);
    if (problem) errors.push({ path: found.path, message: problem });
    return v;
  };
  const dayCount = (slot: string, what: string): number => {
    const v = text(slot, what, (s) =>
      DAYS.test(s) ? null : `${what} must be a whole number of days, e.g. P30D`,
    );
    const m = DAYS.exec(v);
    return m ? Number(m[1]) : 0;
  };
  const duration = (s: string) =>
    DURATION.test(s) ? null : 'must be an ISO-8601 duration, e.g. P1D or PT6H';
  const dateTime = (s: string) =>
    DATE_TIME.test(s) && !Number.isNaN(Date.parse(s))
      ? null
      : 'must be an ISO-8601 date-time with a zone';

  const purpose = text('odrl:use odrl:purpose eq', 'the purpose');
  const purposeDescription = text('odrl:use dx:purposeDescription eq', 'the purpose description');
  const legalBasis = text('odrl:use dx:legalBasis eq', 'the legal basis');
  let fields: string[] = [];
  const fieldSlot = take('odrl:use dx:field isAnyOf', 'the allowed fields');
  if (fieldSlot) {
    const list = literals(fieldSlot.value);
    if (list === null || list.length === 0 || list.some((f) => f.length === 0))
      errors.push({
        path: fieldSlot.path,
        message: 'the allowed fields must be a non-empty list of field names',
      });
    else fields = list;
  }
  const validFrom = text('odrl:use odrl:dateTime gteq', 'the start of validity', dateTime);
  const validTo = text('odrl:use odrl:dateTime lt', 'the end of validity', dateTime);
  const retentionDays = dayCount('odrl:delete odrl:elapsedTime lteq', 'the retention period');
  const deliveryFrequency = text(
    'dx:deliver dx:deliveryFrequency eq',
    'the delivery frequency',
    duration,
  );
  const gracePeriod = text('dx:deliver dx:gracePeriod lteq', 'the grace period', duration);
  const freshnessSlot = values.has('dx:deliver dx:freshness lteq')
    ? text('dx:deliver dx:freshness lteq', 'the freshness', duration)
    : undefined;
  const terminationNoticeDays = dayCount(
    'dx:noticeOfTermination dx:noticePeriod gteq',
    'the termination notice',
  );
  const changeNoticeDays = dayCount('dx:noticeOfChange dx:noticePeriod gteq', 'the change notice');

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    terms: {
      purpose,
      purposeDescription,
      legalBasis,
      fields,
      deliveryFrequency,
      gracePeriod,
      ...(freshnessSlot !== undefined ? { freshness: freshnessSlot } : {}),
      validFrom: new Date(validFrom).toISOString(),
      validTo: new Date(validTo).toISOString(),
      retentionDays,
      onwardSharingProhibited: prohibited,
      terminationNoticeDays,
      changeNoticeDays,
    },
  };
}

/** What each term of the profile means, for the profile document the gateway serves. */
const PROFILE_DEFINITIONS: Record<
  keyof typeof PROFILE_TERMS,
  { kind: 'LeftOperand' | 'Action'; comment: string }
> = {
  field: {
    kind: 'LeftOperand',
    comment: 'A field of the dataset the use is allowed for (isAnyOf: the allowed fields).',
  },
  purposeDescription: { kind: 'LeftOperand', comment: "The purpose in the consumer's words (eq)." },
  legalBasis: { kind: 'LeftOperand', comment: 'The legal basis of the sharing (eq).' },
  deliver: {
    kind: 'Action',
    comment: 'The provider delivers the dataset to the platform on the agreed schedule.',
  },
  deliveryFrequency: {
    kind: 'LeftOperand',
    comment: 'How often a delivery is due, an ISO-8601 duration (eq).',
  },
  gracePeriod: {
    kind: 'LeftOperand',
    comment: 'How late a delivery may be before it counts as missed, an ISO-8601 duration (lteq).',
  },
  freshness: {
    kind: 'LeftOperand',
    comment: "The greatest age of delivered records against the dataset's time field (lteq).",
  },
  noticeOfTermination: {
    kind: 'Action',
    comment: 'A party that ends the agreement gives notice first.',
  },
  noticeOfChange: {
    kind: 'Action',
    comment: 'The provider announces a breaking change of the dataset first.',
  },
  noticePeriod: {
    kind: 'LeftOperand',
    comment: 'The least notice, in whole days as an ISO-8601 duration (gteq).',
  },
};

/**
 * The profile as a JSON-LD document (ODRL profiles are dereferenceable): each term with its kind
 * and meaning, and the core ODRL terms the profile uses.
 */
export function profileDocument(ns: string): Record<string, unknown> {
  return {
    '@context': {
      odrl: ODRL_NS,
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
      dx: ns,
    },
    '@id': ns.replace(/#$/, ''),
    '@type': 'odrl:Profile',
    'rdfs:label': 'City data exchange ODRL profile (v1)',
    'rdfs:comment':
      'How the terms of a data-sharing agreement are written as ODRL: purpose, validity (dateTime), onward sharing (prohibition of distribute) and retention (duty to delete within elapsedTime) in core ODRL, the rest in the terms below.',
    '@graph': Object.entries(PROFILE_DEFINITIONS).map(([term, d]) => ({
      '@id': `dx:${term}`,
      '@type': `odrl:${d.kind}`,
      'rdfs:label': term,
      'rdfs:comment': d.comment,
    })),
  };
}
