import { exampleAgreementTerms } from '@dx/contracts';
import {
  ODRL_NS,
  policyToTerms,
  termName,
  termsToPolicy,
  type OdrlPolicy,
  withListOperands,
  profileDocument,
  PROFILE_TERMS,
  type PolicyTerms,
} from './odrl-profile';

const NS = 'https://city.example/dsp/odrl-profile/v1#';
const { reciprocalAgreementId: _none, ...terms } = exampleAgreementTerms;
const frame = { '@type': 'Offer' as const, '@id': 'urn:offer:1' };

const parse = (policy: unknown) => policyToTerms(policy, NS);
type Item = Record<string, unknown>;
type LooseRule = Item & { constraint: Item[] };
/** A policy to spoil: rules and constraints as plain records a test may rewrite. */
type Loose = { permission: LooseRule[]; obligation: LooseRule[]; prohibition?: unknown };
const loose = (p: OdrlPolicy): Loose => JSON.parse(JSON.stringify(p)) as Loose;
const messages = (policy: unknown) => {
  const result = parse(policy);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors;
};

describe('the ODRL profile', () => {
  it('writes every term and reads the same terms back', () => {
    const policy = termsToPolicy(terms, NS, frame);
    expect(parse(policy)).toEqual({ ok: true, terms });
  });

  it('writes onward sharing as a prohibition of distribute, and its absence as none', () => {
    expect(termsToPolicy(terms, NS, frame).prohibition).toEqual([{ action: 'distribute' }]);
    const open: PolicyTerms = { ...terms, onwardSharingProhibited: false };
    const policy = termsToPolicy(open, NS, frame);
    expect(policy.prohibition).toBeUndefined();
    expect(parse(policy)).toEqual({ ok: true, terms: open });
  });

  it('writes retention as the duty to delete within that many days, in core ODRL', () => {
    const policy = termsToPolicy({ ...terms, retentionDays: 90 }, NS, frame);
    expect(policy.obligation?.[0]).toEqual({
      action: 'delete',
      constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P90D' }],
    });
  });

  it('leaves freshness out when the terms have none, and reads it back as absent', () => {
    const { freshness: _f, ...noFreshness } = terms;
    const policy = termsToPolicy(noFreshness, NS, frame);
    expect(JSON.stringify(policy)).not.toContain('freshness');
    expect(parse(policy)).toEqual({ ok: true, terms: noFreshness });
  });

  it('reads the forms a JSON-LD processor may give back: full IRIs, prefixes, @id and @value objects', () => {
    const policy = loose(termsToPolicy(terms, NS, frame));
    const use = policy.permission[0];
    use.action = { '@id': `${ODRL_NS}use` };
    use.constraint[0].leftOperand = 'odrl:purpose';
    use.constraint[0].operator = { '@id': `${ODRL_NS}eq` };
    use.constraint[0].rightOperand = { '@value': terms.purpose };
    use.constraint[3].rightOperand = terms.fields.map((f) => ({ '@value': f }));
    use.constraint[4].leftOperand = `${ODRL_NS}dateTime`;
    policy.obligation[1].action = { '@id': `${NS}deliver` };
    expect(parse(policy)).toEqual({ ok: true, terms });
  });

  it('reads a list operand written as the JSON text of the list, as EDC sends it', () => {
    const policy = loose(termsToPolicy(terms, NS, frame));
    policy.permission[0].constraint[3].rightOperand = JSON.stringify(
      terms.fields.map((f) => ({ '@value': f })),
    );
    expect(parse(policy)).toEqual({ ok: true, terms });
  });

  it('turns list operands written as JSON text back into lists, and leaves everything else', () => {
    const policy = loose(termsToPolicy(terms, NS, frame));
    const original = JSON.parse(JSON.stringify(policy)) as Loose;
    policy.permission[0].constraint[3].rightOperand = JSON.stringify(
      terms.fields.map((f) => ({ '@value': f })),
    );
    expect(withListOperands(policy)).toEqual(original);
  });

  it('accepts a single rule or constraint given as an object instead of a one-element array', () => {
    const policy = loose(termsToPolicy(terms, NS, frame));
    policy.prohibition = { action: 'distribute' };
    (policy.obligation[0] as Item).constraint = policy.obligation[0].constraint[0];
    expect(parse(policy)).toEqual({ ok: true, terms });
  });

  it('refuses a term outside the profile and names where it is', () => {
    const policy = loose(termsToPolicy(terms, NS, frame));
    policy.permission[0].constraint.push({
      leftOperand: 'spatial',
      operator: 'eq',
      rightOperand: 'http://example.org/EU',
    });
    policy.obligation.push({ action: 'compensate', constraint: [] });
    expect(messages(policy)).toEqual([
      {
        path: 'permission[0].constraint[6].leftOperand',
        message: expect.stringContaining(
          "'odrl:spatial' with operator 'eq' is not a constraint of odrl:use",
        ),
      },
      {
        path: 'obligation[4].action',
        message: expect.stringContaining(
          "'odrl:compensate' is not an action of the platform's ODRL profile for obligation rules",
        ),
      },
    ]);
  });

  it('refuses logical constraints, duties inside permissions and a repeated constraint', () => {
    const policy = loose(termsToPolicy(terms, NS, frame));
    policy.permission[0].duty = [{ action: 'attribute' }];
    policy.permission[0].constraint.push({ or: [] });
    policy.permission[0].constraint.push({
      leftOperand: 'purpose',
      operator: 'eq',
      rightOperand: 'x',
    });
    expect(messages(policy).map((e) => e.path)).toEqual([
      'permission[0].duty',
      'permission[0].constraint[6]',
      'permission[0].constraint[7]',
    ]);
  });

  it('names every missing term at once', () => {
    const errors = messages({ '@type': 'Offer', permission: [{ action: 'use' }] });
    expect(errors.map((e) => e.message)).toEqual([
      'missing: the purpose (odrl:purpose eq)',
      'missing: the purpose description (dx:purposeDescription eq)',
      'missing: the legal basis (dx:legalBasis eq)',
      'missing: the allowed fields (dx:field isAnyOf)',
      'missing: the start of validity (odrl:dateTime gteq)',
      'missing: the end of validity (odrl:dateTime lt)',
      'missing: the retention period (odrl:elapsedTime lteq)',
      'missing: the delivery frequency (dx:deliveryFrequency eq)',
      'missing: the grace period (dx:gracePeriod lteq)',
      'missing: the termination notice (dx:noticePeriod gteq)',
      'missing: the change notice (dx:noticePeriod gteq)',
    ]);
    expect(errors[0].path).toBe('permission(odrl:use)');
    expect(errors[6].path).toBe('obligation(odrl:delete)');
  });

  it('checks the form of each value', () => {
    const policy = loose(termsToPolicy(terms, NS, frame));
    policy.permission[0].constraint[3].rightOperand = [];
    policy.permission[0].constraint[4].rightOperand = 'next tuesday';
    policy.obligation[0].constraint[0].rightOperand = 'P1Y';
    policy.obligation[1].constraint[0].rightOperand = 'daily';
    expect(messages(policy)).toEqual([
      {
        path: 'permission[0].constraint[3].rightOperand',
        message: 'the allowed fields must be a non-empty list of field names',
      },
      {
        path: 'permission[0].constraint[4].rightOperand',
        message: 'must be an ISO-8601 date-time with a zone',
      },
      {
        path: 'obligation[0].constraint[0].rightOperand',
        message: 'the retention period must be a whole number of days, e.g. P30D',
      },
      {
        path: 'obligation[1].constraint[0].rightOperand',
        message: 'must be an ISO-8601 duration, e.g. P1D or PT6H',
      },
    ]);
  });

  it('refuses what is not a policy object at all', () => {
    expect(messages(null)).toEqual([{ path: '', message: 'must be an ODRL policy object' }]);
    expect(messages({ permission: 'use' })[0]).toEqual({
      path: 'permission',
      message: 'must be an array of rules',
    });
  });

  it('describes every term of the profile in its document, under the namespace the policies use', () => {
    const doc = profileDocument(NS);
    const graph = doc['@graph'] as Array<{ '@id': string; '@type': string }>;
    expect(graph.map((t) => t['@id']).sort()).toEqual(
      Object.keys(PROFILE_TERMS)
        .map((t) => `dx:${t}`)
        .sort(),
    );
    expect(doc['@context']).toEqual(expect.objectContaining({ dx: NS }));
    // Every profile term a policy uses is described.
    const used = JSON.stringify(termsToPolicy(terms, NS, frame)).match(/#([A-Za-z]+)"/g) ?? [];
    for (const u of used) expect(graph.map((t) => t['@id'])).toContain(`dx:${u.slice(1, -1)}`);
  });

  it('shortens names the same way whatever their form', () => {
    expect(termName('purpose', NS)).toBe('odrl:purpose');
    expect(termName(`${ODRL_NS}purpose`, NS)).toBe('odrl:purpose');
    expect(termName({ '@id': `${NS}field` }, NS)).toBe('dx:field');
    expect(termName('https://other.example/x', NS)).toBe('https://other.example/x');
    expect(termName(42, NS)).toBeNull();
  });
});
