import { createHmac, randomUUID } from 'node:crypto';
import {
  AgreementActivatedV1,
  BenefitReportedV1,
  DeliveryFulfilledV1,
  ExitInterviewRecordedV1,
  ParticipantRegisteredV1,
  RecordsAccessedV1,
  Topics,
  ViewRefreshedV1,
  type EventDefinition,
} from '@dx/contracts';
import { InsightsHarness } from '../../test/insights-harness';
import type { InterviewsReport } from './application/interviews-report';
import type { OutcomesResponse } from './application/outcomes-report';

/*
 * Citizen effects, operational results and closing interviews from real records on Kafka: two
 * relationships of one city department (presence from a telecom, outlets from a bank) feeding the
 * department's integrated view, the benefits the department reported (one on a view that is not its
 * own), and three closing interviews. No other insights integration test records interviews, so
 * the theme counts below are this file's alone.
 */
let h: InsightsHarness;
let operator: string;
let auditor: string;
const city = randomUUID();
const telecom = randomUUID();
const bank = randomUUID();
const presence = randomUUID();
const outlets = randomUUID();
const a1 = randomUUID(); // presence: telecom → city
const a2 = randomUUID(); // outlets: bank → city
const view = randomUUID(); // the city's view over presence × outlets
const foreignView = randomUUID(); // the bank's own view over outlets × something else
const interviewIds = [randomUUID(), randomUUID(), randomUUID()];

beforeAll(async () => {
  h = await InsightsHarness.start();
  operator = await h.token(randomUUID(), ['operator']);
  auditor = await h.token(randomUUID(), ['auditor']);
  const ids: string[] = [];
  const put = async <T extends object>(topic: string, def: EventDefinition<string, T>, data: T) =>
    ids.push(await h.publish(topic, def, def.keyOf(data), data));
  for (const [id, kind, name] of [
    [city, 'municipality', 'City department (synthetic)'],
    [telecom, 'business', 'Telecom (synthetic)'],
    [bank, 'business', 'Bank (synthetic)'],
  ] as const)
    await put(Topics.catalogParticipant, ParticipantRegisteredV1, {
      ...ParticipantRegisteredV1.example,
      participantId: id,
      kind,
      name,
    });
  for (const [agreementId, providerId, datasetId] of [
    [a1, telecom, presence],
    [a2, bank, outlets],
  ])
    await put(Topics.consentAgreement, AgreementActivatedV1, {
      ...AgreementActivatedV1.example,
      agreementId,
      providerId,
      consumerId: city,
      datasetId,
      state: 'ACTIVE',
      version: 4,
      occurredAt: '2016-02-01T10:00:00.000Z',
    });
  for (const due of ['2016-03-01T00:00:00.000Z', '2016-04-01T00:00:00.000Z'])
    await put(Topics.consentObligation, DeliveryFulfilledV1, {
      ...DeliveryFulfilledV1.example,
      agreementId: a1,
      datasetId: presence,
      providerId: telecom,
      consumerId: city,
      obligationId: randomUUID(),
      dueAt: due,
      graceUntil: due,
      occurredAt: due,
    });
  await put(Topics.integrationAccess, RecordsAccessedV1, {
    ...RecordsAccessedV1.example,
    agreementId: a1,
    datasetId: presence,
    providerId: telecom,
    consumerId: city,
    rows: 340,
  });
  for (const [viewId, ownerId, left, right, rows] of [
    [view, city, presence, outlets, 5],
    [view, city, presence, outlets, 12], // the latest refresh carries the row count
    [foreignView, bank, outlets, randomUUID(), 3],
  ] as const)
    await put(Topics.integrationView, ViewRefreshedV1, {
      ...ViewRefreshedV1.example,
      viewId,
      ownerId,
      leftDatasetId: left,
      rightDatasetId: right,
      trigger: { kind: 'created' },
      rowCount: rows,
      refreshedAt: rows === 12 ? '2016-05-02T00:00:00.000Z' : '2016-05-01T00:00:00.000Z',
    });
  // Each report an hour after the last: the decisions are listed in the order they were reported.
  let reported = 0;
  const benefit = (
    agreementId: string,
    datasetId: string,
    over: Partial<BenefitReportedV1>,
  ): BenefitReportedV1 => ({
    ...BenefitReportedV1.example,
    reportId: randomUUID(),
    agreementId,
    datasetId,
    reporter: city,
    amountKzt: undefined,
    periodFrom: '2016-02-01T00:00:00.000Z',
    periodTo: '2016-05-31T00:00:00.000Z',
    occurredAt: new Date(Date.UTC(2016, 5, 2, reported++)).toISOString(),
    ...over,
  });
  for (const report of [
    benefit(a1, presence, {
      kind: 'citizen-service',
      users: 48_000,
      viewId: view,
      service: 'Public service centre, Alatau',
    }),
    benefit(a2, outlets, {
      kind: 'decision-supported',
      count: 2,
      viewId: view,
      description: 'Two service centres sited where presence meets outlets.',
    }),
    benefit(a2, outlets, { kind: 'staff-hours-saved', hours: 120 }),
    // The city names the bank's view: not its own, so not credited to any view.
    benefit(a2, outlets, { kind: 'decision-supported', count: 1, viewId: foreignView }),
  ])
    await put(Topics.consentGovernance, BenefitReportedV1, report);
  const interview = (
    i: number,
    participantId: string,
    over: Partial<ExitInterviewRecordedV1>,
  ): ExitInterviewRecordedV1 => ({
    ...ExitInterviewRecordedV1.example,
    interviewId: interviewIds[i],
    participantId,
    stakeholderRole: `Stakeholder ${i}`,
    heldAt: `2016-11-0${i + 1}T10:00:00.000Z`,
    ...over,
  });
  for (const record of [
    interview(0, city, {
      ratings: [
        { construct: 'trust', score: 4 },
        { construct: 'benefits', score: 5 },
      ],
      positive: ['benefit-realised', 'regulation-change'],
      negative: ['notice-of-changes'],
    }),
    interview(1, telecom, {
      ratings: [{ construct: 'trust', score: 3 }],
      positive: ['regulation-change'],
      negative: ['staff-capacity', 'notice-of-changes'],
    }),
    interview(2, bank, {
      ratings: [{ construct: 'trust', score: 2 }],
      positive: [],
      negative: ['regulation-change'],
      notes: undefined,
    }),
  ])
    await put(Topics.consentGovernance, ExitInterviewRecordedV1, record);
  await h.waitForFacts(ids, 'relationships, views, benefits and interviews in the facts');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const get = <T>(path: string, token: string) =>
  h.call<T & { code?: string }>('GET', `/v1/insights/research/${path}`, { token });

it('sums outcomes per relationship and dataset, measured and self-reported apart', async () => {
  const res = await get<OutcomesResponse>('outcomes?names=true', operator);
  expect(res.status).toBe(200);
  const rel = (id: string) => res.body.relationships.find((r) => r.relationship === id)!;
  expect(rel(a1)).toMatchObject({
    provider: 'Telecom (synthetic)',
    consumer: 'City department (synthetic)',
    measured: { deliveriesFulfilled: 2, recordsRead: 340 },
    reported: {
      selfReported: true,
      reports: 1,
      residentsServed: 48_000,
      servicesImproved: ['Public service centre, Alatau'],
    },
  });
  expect(rel(a2).reported).toMatchObject({
    reports: 3,
    decisionsSupported: 3,
    staffHoursSaved: 120,
  });
  expect(rel(a2).measured).toEqual({ deliveriesFulfilled: 0, recordsRead: 0 });
});

it("credits the city's view with the benefits taken on it, and lists which decisions it fed", async () => {
  const res = await get<OutcomesResponse>('outcomes?names=true', operator);
  const v = res.body.views.find((x) => x.view === view)!;
  expect(v.measured).toEqual({ rows: 12 });
  expect(v.reported).toMatchObject({ reports: 2, residentsServed: 48_000, decisionsSupported: 2 });
  expect(res.body.views.find((x) => x.view === foreignView)!.reported.reports).toBe(0);
  const ours = res.body.decisions.filter((d) => d.relationship === a2);
  expect(ours.map((d) => [d.view, d.count])).toEqual([
    [view, 2],
    [null, 1],
  ]);
  expect(ours[0].description).toBe('Two service centres sited where presence meets outlets.');
  expect(res.body.unconfirmedViewReferences).toBeGreaterThanOrEqual(1);
});

it('counts interview themes across interviews, helping and hurting apart, and summarises ratings', async () => {
  const res = await get<InterviewsReport>('interviews?names=true', operator);
  expect(res.status).toBe(200);
  const s = res.body.summary;
  expect(s.interviews).toBe(3);
  expect(s.byKind).toEqual({ municipality: 1, business: 2 });
  expect(s.themes.slice(0, 2)).toEqual([
    {
      theme: 'regulation-change',
      construct: 'context',
      positive: 2,
      negative: 1,
      interviews: 3,
      share: 1,
    },
    {
      theme: 'notice-of-changes',
      construct: 'communication',
      positive: 0,
      negative: 2,
      interviews: 2,
      share: 2 / 3,
    },
  ]);
  expect(s.ratings.find((r) => r.construct === 'trust')).toEqual({
    construct: 'trust',
    n: 3,
    mean: 3,
    median: 3,
    min: 2,
    max: 4,
  });
  expect(res.body.interviews.map((i) => [i.interview, i.participant])).toEqual([
    [interviewIds[0], 'City department (synthetic)'],
    [interviewIds[1], 'Telecom (synthetic)'],
    [interviewIds[2], 'Bank (synthetic)'],
  ]);
  expect(res.body.interviews[2].notes).toBeNull();
});

it('pseudonymises interviews and outcomes for auditors, who may not ask for names', async () => {
  // The installation's key is made on the first pseudonymised export, this one.
  const interviews = await get<InterviewsReport>('interviews', auditor);
  expect(interviews.body.pseudonymised).toBe(true);
  const [{ key }] = await h.sql<{ key: Buffer }>(
    `SELECT key FROM insights.research_keys WHERE name = 'pseudonym'`,
  );
  const p = (kind: string, id: string) =>
    `${kind}-${createHmac('sha256', key.toString('hex')).update(id).digest('hex').slice(0, 12)}`;

  expect(interviews.body.interviews.map((i) => i.participant)).toEqual([
    p('p', city),
    p('p', telecom),
    p('p', bank),
  ]);
  const outcomes = await get<OutcomesResponse>('outcomes', auditor);
  expect(outcomes.body.views.map((v) => v.view)).toContain(p('v', view));
  expect(JSON.stringify(outcomes.body)).not.toContain(a1);
  expect(JSON.stringify(interviews.body)).not.toContain(city);
  for (const path of ['interviews?names=true', 'outcomes?names=true'])
    expect((await get(path, auditor)).body.code).toBe('RESEARCH.NAMES_OPERATOR_ONLY');
  for (const roles of [['dashboard'], ['participant']])
    expect((await get('outcomes', await h.token(randomUUID(), roles))).status).toBe(403);
});
