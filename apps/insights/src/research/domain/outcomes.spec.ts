import { outcomesReport, type BenefitFact, type RelationshipFact, type ViewFact } from './outcomes';

const label = (kind: string, id: string) => `${kind}:${id}`;
const rel = (agreementId: string, datasetId: string, consumerId = 'city'): RelationshipFact => ({
  agreementId,
  providerId: 'telecom',
  consumerId,
  datasetId,
  deliveriesFulfilled: 10,
  recordsRead: 4,
});
const report = (over: Partial<BenefitFact>): BenefitFact => ({
  agreementId: 'a1',
  datasetId: 'presence',
  reporter: 'city',
  kind: 'citizen-service',
  amountKzt: null,
  hours: null,
  count: null,
  users: null,
  viewId: null,
  service: null,
  description: 'synthetic',
  periodFrom: '2026-01-01T00:00:00.000Z',
  periodTo: '2026-03-31T00:00:00.000Z',
  ...over,
});
const view: ViewFact = {
  viewId: 'v1',
  ownerId: 'city',
  leftDatasetId: 'presence',
  rightDatasetId: 'outlets',
  rows: 12,
};

describe('outcomesReport', () => {
  const out = outcomesReport(
    [rel('a1', 'presence'), rel('a2', 'outlets'), rel('a3', 'presence', 'bank')],
    [
      report({ users: 48_000, service: 'Service centre', viewId: 'v1' }),
      report({ users: 2_000, service: 'Service centre' }),
      report({
        agreementId: 'a2',
        datasetId: 'outlets',
        kind: 'decision-supported',
        count: 2,
        viewId: 'v1',
        description: 'two centres sited',
      }),
      report({ agreementId: 'a2', datasetId: 'outlets', kind: 'staff-hours-saved', hours: 120 }),
      // Someone else's view, and a view that does not join the bank's dataset: not credited.
      report({
        agreementId: 'a3',
        reporter: 'bank',
        kind: 'decision-supported',
        count: 1,
        viewId: 'v1',
      }),
      report({
        agreementId: 'a3',
        reporter: 'bank',
        kind: 'cost-avoided',
        amountKzt: 5e6,
        viewId: 'nope',
      }),
    ],
    [view],
    label,
  );

  it('sums the self-reported figures per relationship, labelled as self-reported', () => {
    expect(out.relationships[0]).toMatchObject({
      relationship: 'r:a1',
      provider: 'p:telecom',
      measured: { deliveriesFulfilled: 10, recordsRead: 4 },
      reported: {
        selfReported: true,
        reports: 2,
        residentsServed: 50_000,
        servicesImproved: ['Service centre'],
      },
    });
    expect(out.relationships[2].reported).toMatchObject({
      decisionsSupported: 1,
      costAvoidedKzt: 5e6,
    });
  });

  it('adds relationships up per dataset, measured and reported apart', () => {
    const presence = out.datasets.find((d) => d.dataset === 'd:presence')!;
    expect(presence.relationships).toBe(2);
    expect(presence.measured).toEqual({ deliveriesFulfilled: 20, recordsRead: 8 });
    expect(presence.reported).toMatchObject({
      reports: 4,
      residentsServed: 50_000,
      decisionsSupported: 1,
    });
  });

  it("credits a view only with its owner's reports on a dataset it joins", () => {
    expect(out.views).toEqual([
      {
        view: 'v:v1',
        owner: 'p:city',
        datasets: ['d:presence', 'd:outlets'],
        measured: { rows: 12 },
        reported: expect.objectContaining({
          reports: 2,
          residentsServed: 48_000,
          decisionsSupported: 2,
        }),
      },
    ]);
    expect(out.unconfirmedViewReferences).toBe(2);
  });

  it('lists which decisions a two-source view fed, and those with no view', () => {
    expect(out.decisions.map((d) => [d.relationship, d.view, d.count])).toEqual([
      ['r:a2', 'v:v1', 2],
      ['r:a3', null, 1],
    ]);
  });
});
