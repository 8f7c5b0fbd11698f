import { createHmac, randomUUID } from 'node:crypto';
import {
  AgreementActivatedV1,
  AgreementNoticeGivenV1,
  AgreementTerminatedV1,
  BenefitReportedV1,
  ChangeUnannouncedV1,
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  DisputeResolvedV1,
  ExitSurveyCompletedV1,
  StandardAdoptedV1,
  Topics,
  TrustScoreUpdatedV1,
  type EventDefinition,
} from '@dx/contracts';
import { InsightsHarness } from '../../test/insights-harness';
import type { PanelReport } from './application/panel-report';
import { PANEL_COLUMNS } from './domain/panel-columns';

/*
 * The research panel from real records on Kafka: one agreement in force from January to June 2017
 * (a window no other test writes in) with a known story — a late and a missed delivery in March,
 * an unannounced change and an amicable dispute in April, a derived product reported in May with
 * notice given, an exit survey in June — read back month by month, pseudonymised for auditors, by
 * name for operators, as JSON with its dictionary and as CSV; and the KMV estimate over the panel.
 */
let h: InsightsHarness;
let auditor: string;
let operator: string;
const agreementId = randomUUID();
const datasetId = randomUUID();
const providerId = randomUUID();
const consumerId = randomUUID();
const parties = { agreementId, datasetId, providerId, consumerId };

beforeAll(async () => {
  h = await InsightsHarness.start();
  auditor = await h.token(randomUUID(), ['auditor']);
  operator = await h.token(randomUUID(), ['operator']);
  const ids: string[] = [];
  // Each event under its own key, as its producer would send it (the consumer checks the key).
  const put = async <T extends object>(topic: string, def: EventDefinition<string, T>, data: T) =>
    ids.push(await h.publish(topic, def, def.keyOf(data), data));
  const agreement = { ...AgreementActivatedV1.example, ...parties };
  await put(Topics.consentAgreement, AgreementActivatedV1, {
    ...agreement,
    state: 'ACTIVE',
    version: 4,
    occurredAt: '2017-01-10T10:00:00.000Z',
  });
  await put(Topics.consentAgreement, AgreementNoticeGivenV1, {
    ...AgreementNoticeGivenV1.example,
    ...parties,
    occurredAt: '2017-05-20T10:00:00.000Z',
  });
  await put(Topics.consentAgreement, AgreementTerminatedV1, {
    ...AgreementTerminatedV1.example,
    ...parties,
    occurredAt: '2017-06-20T10:00:00.000Z',
  });
  const obligation = (due: string) => ({
    ...parties,
    obligationId: randomUUID(),
    sequence: 1,
    dueAt: due,
    graceUntil: due,
    occurredAt: due,
  });
  await put(Topics.consentObligation, DeliveryFulfilledV1, {
    ...DeliveryFulfilledV1.example,
    ...obligation('2017-02-05T00:00:00.000Z'),
    onTime: true,
    latenessSeconds: 0,
  });
  await put(Topics.consentObligation, DeliveryFulfilledV1, {
    ...DeliveryFulfilledV1.example,
    ...obligation('2017-03-05T00:00:00.000Z'),
    onTime: false,
    latenessSeconds: 3600,
  });
  await put(Topics.consentObligation, DeliveryMissedV1, {
    ...DeliveryMissedV1.example,
    ...obligation('2017-03-15T00:00:00.000Z'),
  });
  await put(Topics.consentObligation, ChangeUnannouncedV1, {
    ...ChangeUnannouncedV1.example,
    ...parties,
    occurredAt: '2017-04-03T00:00:00.000Z',
  });
  await put(Topics.consentGovernance, DisputeResolvedV1, {
    ...DisputeResolvedV1.example,
    ...parties,
    disputeId: randomUUID(),
    outcome: 'amicable',
    upheldAgainst: undefined,
    occurredAt: '2017-04-20T00:00:00.000Z',
  });
  await put(Topics.consentGovernance, BenefitReportedV1, {
    ...BenefitReportedV1.example,
    ...parties,
    reportId: randomUUID(),
    kind: 'derived-product',
    amountKzt: undefined,
    count: 2,
    occurredAt: '2017-05-02T00:00:00.000Z',
  });
  await put(Topics.consentGovernance, ExitSurveyCompletedV1, {
    ...ExitSurveyCompletedV1.example,
    ...parties,
    surveyId: randomUUID(),
    wouldWorkAgain: false,
    occurredAt: '2017-06-22T00:00:00.000Z',
  });
  await put(Topics.trustScore, TrustScoreUpdatedV1, {
    ...TrustScoreUpdatedV1.example,
    participantId: providerId,
    role: 'provider',
    score: 0.7,
    uncertainty: 0.2,
    computedAt: '2017-02-28T00:00:00.000Z',
  });
  for (const [who, standards] of [
    [providerId, ['open-licence', 'city-data-charter-v1']],
    [consumerId, ['city-data-charter-v1', 'dcat-ap-3']],
  ] as const)
    await put(Topics.catalogParticipant, StandardAdoptedV1, {
      ...StandardAdoptedV1.example,
      participantId: who,
      standardCode: standards[1],
      adoptedStandards: [...standards],
      adoptedAt: '2017-01-02T00:00:00.000Z',
    });
  await h.waitForFacts(ids, 'the story of the agreement in the facts');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const panel = (query: string, token = auditor) =>
  h.call<PanelReport & { code?: string }>('GET', `/v1/insights/research/panel?${query}`, {
    token,
  });

it('tells the agreement month by month, by name for an operator', async () => {
  const res = await panel('names=true', operator);
  expect(res.status).toBe(200);
  expect(res.body.pseudonymised).toBe(false);
  expect(res.body.dictionary.map((c) => c.name)).toEqual(PANEL_COLUMNS.map((c) => c.name));
  const rows = res.body.rows.filter((r) => r.relationship === agreementId);
  expect(rows.map((r) => r.month)).toEqual([
    '2017-01',
    '2017-02',
    '2017-03',
    '2017-04',
    '2017-05',
    '2017-06',
  ]);
  const col = (name: keyof (typeof rows)[number]) => rows.map((r) => r[name]);
  expect(col('deliveriesDue')).toEqual([0, 1, 2, 0, 0, 0]);
  expect(col('onTimeRate')).toEqual([null, 1, 0, null, null, null]);
  expect(col('opportunism')).toEqual([0, 0, 1, 1, 0, 0]);
  expect(col('communication')).toEqual([1, 1, 1, 0, 0, 0]);
  expect(col('trust')).toEqual([null, 0.7, 0.7, 0.7, 0.7, 0.7]);
  expect(col('uncertainty')).toEqual([1, 0.2, 0.2, 0.2, 0.2, 0.2]);
  expect(col('functionalConflict')).toEqual([0, 0, 0, 1, 1, 1]);
  expect(col('terminationCosts')).toEqual([0, 0, 0, 0, 2, 2]);
  expect(col('benefits')).toEqual([0, 0, 0, 0, 1, 1]);
  expect(col('propensityToLeave')).toEqual([0, 0, 0, 0, 1, 1]);
  expect(col('sharedValues')).toEqual([1, 1, 1, 1, 1, 1]);
  expect(col('exitSurveyWouldWorkAgain')).toEqual([null, null, null, null, null, 0]);
  expect(col('cooperation')).toEqual([0, 0, 0, 0, 0, 0]);
});

it('pseudonymises for auditors with the installation key, and refuses them names', async () => {
  const res = await panel('');
  expect(res.status).toBe(200);
  expect(res.body.pseudonymised).toBe(true);
  const [{ key }] = await h.sql<{ key: Buffer }>(
    `SELECT key FROM insights.research_keys WHERE name = 'pseudonym'`,
  );
  const p = (kind: string, id: string) =>
    `${kind}-${createHmac('sha256', key.toString('hex')).update(id).digest('hex').slice(0, 12)}`;
  const rows = res.body.rows.filter((r) => r.relationship === p('r', agreementId));
  expect(rows).toHaveLength(6);
  expect(rows[0]).toMatchObject({ provider: p('p', providerId), consumer: p('p', consumerId) });
  expect(JSON.stringify(res.body)).not.toContain(agreementId);
  const names = await panel('names=true');
  expect([names.status, names.body.code]).toEqual([403, 'RESEARCH.NAMES_OPERATOR_ONLY']);
  for (const roles of [['dashboard'], ['participant']])
    expect((await panel('', await h.token(randomUUID(), roles))).status).toBe(403);
  expect((await panel('format=xml')).status).toBe(400);
});

it('exports CSV with the dictionary as codebook', async () => {
  const json = await panel('');
  // CSV is not JSON: read it with fetch rather than the harness's JSON call.
  const get = async (path: string) => {
    const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${auditor}` } });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      lines: (await res.text()).trim().split('\n'),
    };
  };
  const csv = await get('/v1/insights/research/panel?format=csv');
  expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
  expect(csv.lines[0]).toBe(PANEL_COLUMNS.map((c) => c.name).join(','));
  expect(csv.lines.length).toBe(json.body.rows.length + 1);
  const book = await get('/v1/insights/research/panel/codebook');
  expect(book.lines[0]).toBe('variable,construct,unit,formula,sources');
  expect(book.lines).toHaveLength(PANEL_COLUMNS.length + 1);
});

it('estimates the KMV paths over the panel with its caveats', async () => {
  const res = await h.call<{
    equations: Array<{ outcome: string; paths: Array<{ hypothesis: string }> }>;
    caveats: string[];
    relationships: number;
  }>('GET', '/v1/insights/research/kmv?replicates=99', { token: auditor });
  expect(res.status).toBe(200);
  expect(res.body.equations.flatMap((e) => e.paths.map((p) => p.hypothesis)).sort()).toEqual(
    Array.from({ length: 13 }, (_, i) => `H${i + 1}`).sort(),
  );
  expect(res.body.relationships).toBeGreaterThanOrEqual(1);
  expect(res.body.caveats.join(' ')).toContain('relationships');
  expect(
    (await h.call('GET', '/v1/insights/research/kmv?replicates=5', { token: auditor })).status,
  ).toBe(400);
});
