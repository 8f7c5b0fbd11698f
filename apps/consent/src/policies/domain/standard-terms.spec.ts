import { PURPOSE_CODES } from '../../agreements/domain/purposes';
import type { PolicyRule } from './decision-policy';
import { offersFor, type StandardTerms } from './standard-terms';

const standard: StandardTerms = {
  legalBasis: 'Voluntary data-sharing agreement under the city data charter',
  fields: ['people'],
  deliveryFrequency: 'P1D',
  gracePeriod: 'PT6H',
  validity: 'P1Y',
  retentionDays: 365,
  onwardSharingProhibited: true,
  terminationNoticeDays: 30,
  changeNoticeDays: 14,
};
const schema = {
  properties: ['district', 'hour', 'people', 'note'],
  primaryKey: ['district', 'hour'],
};
const now = new Date('2026-03-02T15:45:10.123Z');
const base = {
  standard,
  rules: [],
  sensitivity: 'internal' as const,
  consumerTier: null,
  schema,
  now,
};

describe('offers from standard terms and the decision policy', () => {
  it('without rules offers every purpose, queued for the provider, on the standard terms', () => {
    const offers = offersFor(base);
    expect(offers.map((o) => o.purpose)).toEqual(PURPOSE_CODES);
    expect(offers.every((o) => o.decision === 'queued')).toBe(true);
    expect(offers[0].terms).toEqual({
      purpose: PURPOSE_CODES[0],
      purposeDescription: expect.stringContaining('(standard terms of the provider)'),
      legalBasis: standard.legalBasis,
      fields: ['district', 'hour', 'people'],
      deliveryFrequency: 'P1D',
      gracePeriod: 'PT6H',
      validFrom: '2026-03-02T00:00:00.000Z',
      validTo: '2027-03-02T00:00:00.000Z',
      retentionDays: 365,
      onwardSharingProhibited: true,
      terminationNoticeDays: 30,
      changeNoticeDays: 14,
    });
  });

  it('leaves out the purposes the policy refuses and marks those it accepts, for this consumer', () => {
    const rules: PolicyRule[] = [
      { id: 'no-tax', purposes: ['tax-and-licensing'], action: 'reject' },
      {
        id: 'planning',
        purposes: ['urban-planning'],
        minConsumerTier: 'Established',
        action: 'accept',
      },
    ];
    const low = offersFor({ ...base, rules, consumerTier: 'Low' });
    expect(low.map((o) => o.purpose)).not.toContain('tax-and-licensing');
    expect(low.find((o) => o.purpose === 'urban-planning')!.decision).toBe('queued');
    const established = offersFor({ ...base, rules, consumerTier: 'Established' });
    expect(established.find((o) => o.purpose === 'urban-planning')).toEqual(
      expect.objectContaining({ decision: 'accepted', ruleId: 'planning' }),
    );
  });

  it('offers every field of the schema when the terms name none, primary key first', () => {
    const { fields: _none, ...allFields } = standard;
    const [offer] = offersFor({ ...base, standard: allFields });
    expect(offer.terms.fields).toEqual(['district', 'hour', 'people', 'note']);
  });

  it('gives the same offer all day, so a peer comparing two reads sees no change', () => {
    const morning = offersFor({ ...base, now: new Date('2026-03-02T00:00:01Z') });
    const evening = offersFor({ ...base, now: new Date('2026-03-02T23:59:59Z') });
    expect(evening).toEqual(morning);
  });
});
