import { Topics, type EventEnvelope } from '@dx/contracts';
import { readTopic, waitFor } from '@dx/testing';
import { AgreementScheduler } from '../scheduling/agreement-scheduler';
import { ConsentHarness } from '../../test/consent-harness';

/*
 * Subject consent records: given, repeated (no event), withdrawn, expired by the clock — with
 * history, events on consent.subject-consent.v1 keyed by the subject pseudonym, and who may record.
 */
const DAY = 86_400_000;
let h: ConsentHarness;

beforeAll(async () => {
  h = await ConsentHarness.start();
});

afterAll(async () => {
  await h?.close();
});

async function subjectEvents(subjectId: string, n: number): Promise<EventEnvelope[]> {
  await waitFor(
    async () =>
      (
        await h.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM consent.outbox WHERE message_key = $1 AND published_at IS NULL`,
          [subjectId],
        )
      )[0].n,
    { until: (x) => x === 0, what: 'consent events published' },
  );
  return waitFor(
    async () =>
      (await readTopic(`${h.prefix}${Topics.consentSubjectConsent}`))
        .filter((r) => r.key === subjectId)
        .map((r) => JSON.parse(r.value) as EventEnvelope),
    { until: (l) => l.length >= n, what: `${n} events of ${subjectId}` },
  );
}

it('records given and withdrawn with history and one event per change, keyed by the subject', async () => {
  const telecom = await h.participant();
  const datasetId = await h.publishDataset(telecom.id, { subjectField: 'subject' });
  const body = {
    subjectId: 'subj-1a2b3c',
    datasetId,
    purpose: 'public-transport-planning',
    status: 'given',
  };
  expect(
    (await h.call('POST', '/v1/subject-consents', { token: telecom.token, body })).status,
  ).toBe(201);
  expect(
    (await h.call('POST', '/v1/subject-consents', { token: telecom.token, body })).status,
  ).toBe(200);
  const withdrawn = await h.call('POST', '/v1/subject-consents', {
    token: telecom.token,
    body: { ...body, status: 'withdrawn', evidence: 'call-centre ticket 4711' },
  });
  expect(withdrawn.status).toBe(201);
  const events = await subjectEvents('subj-1a2b3c', 2);
  expect(
    events.map((e) => [e.type, (e.data as { previousStatus: string | null }).previousStatus]),
  ).toEqual([
    ['consent.subject-consent.given', null],
    ['consent.subject-consent.withdrawn', 'given'],
  ]);
  const list = await h.call<{
    items: Array<{ status: string; history: Array<{ status: string }> }>;
  }>('GET', `/v1/subject-consents?subjectId=subj-1a2b3c`, { token: telecom.token });
  expect(list.body.items).toHaveLength(1);
  expect(list.body.items[0].history.map((x) => x.status)).toEqual(['given', 'withdrawn']);
});

it('expires a given consent when the clock passes its expiry', async () => {
  const telecom = await h.participant();
  const datasetId = await h.publishDataset(telecom.id, { subjectField: 'subject' });
  await h.call('POST', '/v1/subject-consents', {
    token: telecom.token,
    body: {
      subjectId: 'subj-exp-9',
      datasetId,
      purpose: 'research-statistics',
      status: 'given',
      expiresAt: new Date(h.clock.now().getTime() + 30 * DAY).toISOString(),
    },
  });
  h.clock.advance(31 * DAY);
  await h.app.app.get(AgreementScheduler).drain();
  const events = await subjectEvents('subj-exp-9', 2);
  expect(events.map((e) => e.type)).toEqual([
    'consent.subject-consent.given',
    'consent.subject-consent.expired',
  ]);
});

it('refuses another participant, a dataset without subjects, and a subject id that is not a pseudonym', async () => {
  const telecom = await h.participant();
  const other = await h.participant();
  const personal = await h.publishDataset(telecom.id, { subjectField: 'subject' });
  const aggregated = await h.publishDataset(telecom.id);
  const body = {
    subjectId: 'subj-x',
    datasetId: personal,
    purpose: 'urban-planning',
    status: 'given',
  };
  expect((await h.call('POST', '/v1/subject-consents', { token: other.token, body })).status).toBe(
    403,
  );
  const noSubjects = await h.call('POST', '/v1/subject-consents', {
    token: telecom.token,
    body: { ...body, datasetId: aggregated },
  });
  expect(noSubjects.status).toBe(422);
  const named = await h.call('POST', '/v1/subject-consents', {
    token: telecom.token,
    body: { ...body, subjectId: 'Aigerim Nurlanova 880101400123' },
  });
  expect(named.status).toBe(400);
  expect(named.body.errors).toEqual([expect.objectContaining({ path: 'subjectId' })]);
  const operator = await h.token('platform-operator', ['operator']);
  expect((await h.call('POST', '/v1/subject-consents', { token: operator, body })).status).toBe(
    201,
  );
});

it('records an erasure request (202) with an event keyed by the subject; only the provider or an operator', async () => {
  const telecom = await h.participant();
  const other = await h.participant();
  const datasetId = await h.publishDataset(telecom.id, { subjectField: 'subject' });
  const body = { subjectId: 'subj-erase-1', datasetId, reference: 'ticket 2026-0412' };
  const res = await h.call<{ requestId: string; requestedAt: string }>(
    'POST',
    '/v1/subject-consents/erasure-requests',
    { token: telecom.token, body },
  );
  expect(res.status).toBe(202);
  const [event] = await subjectEvents('subj-erase-1', 1);
  expect(event.type).toBe('consent.subject-consent.erasure-requested');
  expect(event.data).toEqual({
    requestId: res.body.requestId,
    subjectId: 'subj-erase-1',
    datasetId,
    providerId: telecom.id,
    requestedBy: telecom.id,
    reference: 'ticket 2026-0412',
    occurredAt: res.body.requestedAt,
  });
  const stored = await h.sql(
    `SELECT subject_id, requested_by FROM consent.erasure_requests WHERE id = $1`,
    [res.body.requestId],
  );
  expect(stored).toEqual([{ subject_id: 'subj-erase-1', requested_by: telecom.id }]);

  const refused = await h.call('POST', '/v1/subject-consents/erasure-requests', {
    token: other.token,
    body,
  });
  expect(refused.status).toBe(403);
  const bad = await h.call('POST', '/v1/subject-consents/erasure-requests', {
    token: telecom.token,
    body: { subjectId: 'Aigerim Nurlanova', datasetId: 'nope' },
  });
  expect(bad.status).toBe(400);
  expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
    'datasetId',
    'subjectId',
  ]);
  const operator = await h.token('platform-operator', ['operator']);
  const byOperator = await h.call('POST', '/v1/subject-consents/erasure-requests', {
    token: operator,
    body: { subjectId: 'subj-erase-2', datasetId },
  });
  expect(byOperator.status).toBe(202);
});
