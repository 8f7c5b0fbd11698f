import { Topics, type EventEnvelope } from '@dx/contracts';
import { readTopic, waitFor } from '@dx/testing';
import { ConsentHarness } from '../../test/consent-harness';

/*
 * Governance on consent.governance.v1: a dispute opened by a party and upheld by the operator
 * against the other; exit surveys once per party after the end; regulation changes.
 */
let h: ConsentHarness;

beforeAll(async () => {
  h = await ConsentHarness.start();
});

afterAll(async () => {
  await h?.close();
});

async function governance(key: string, n: number): Promise<EventEnvelope[]> {
  await waitFor(
    async () =>
      (
        await h.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM consent.outbox WHERE message_key = $1 AND published_at IS NULL`,
          [key],
        )
      )[0].n,
    { until: (x) => x === 0, what: 'governance events published' },
  );
  return waitFor(
    async () =>
      (await readTopic(`${h.prefix}${Topics.consentGovernance}`))
        .filter((r) => r.key === key)
        .map((r) => JSON.parse(r.value) as EventEnvelope),
    { until: (l) => l.length >= n, what: `${n} governance events of ${key}` },
  );
}

it('opens a dispute by a party and resolves it as upheld against the other party', async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const stranger = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const agreementId = await h.activeAgreement(telecom, city, datasetId);
  const body = {
    agreementId,
    category: 'missed-delivery',
    description: 'Three deliveries never arrived in March.',
  };
  // A stranger learns nothing about the agreement, not even that it exists.
  expect((await h.call('POST', '/v1/disputes', { token: stranger.token, body })).status).toBe(404);
  const opened = await h.call<{ id: string; against: string }>('POST', '/v1/disputes', {
    token: city.token,
    body,
  });
  expect(opened.status).toBe(201);
  expect(opened.body.against).toBe(telecom.id);
  const operator = await h.token('platform-operator', ['operator']);
  const noParty = await h.call('POST', `/v1/disputes/${opened.body.id}/resolve`, {
    token: operator,
    body: { outcome: 'upheld', resolution: 'deliveries were late' },
  });
  expect(noParty.status).toBe(400);
  expect(noParty.body.errors).toEqual([expect.objectContaining({ path: 'against' })]);
  expect(
    (
      await h.call('POST', `/v1/disputes/${opened.body.id}/resolve`, {
        token: city.token,
        body: { outcome: 'dismissed', resolution: 'self-serving' },
      })
    ).status,
  ).toBe(403);
  const resolved = await h.call('POST', `/v1/disputes/${opened.body.id}/resolve`, {
    token: operator,
    body: {
      outcome: 'upheld',
      against: telecom.id,
      resolution: 'Deliveries were missed without notice.',
    },
  });
  expect(resolved.status).toBe(200);
  expect(
    (
      await h.call('POST', `/v1/disputes/${opened.body.id}/resolve`, {
        token: operator,
        body: { outcome: 'dismissed', resolution: 'again' },
      })
    ).status,
  ).toBe(409);
  const events = await governance(opened.body.id, 2);
  expect(events.map((e) => e.type)).toEqual([
    'consent.governance.dispute-opened',
    'consent.governance.dispute-resolved',
  ]);
  expect(events[1].data).toEqual(
    expect.objectContaining({ outcome: 'upheld', upheldAgainst: telecom.id, openedBy: city.id }),
  );
  const seen = await h.call<{ items: unknown[] }>(
    'GET',
    `/v1/disputes?agreementId=${agreementId}`,
    {
      token: stranger.token,
    },
  );
  expect(seen.body.items).toEqual([]);
});

it('takes one exit survey per party once the agreement is ending, coded to the KMV constructs', async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const agreementId = await h.activeAgreement(telecom, city, datasetId);
  const survey = {
    reasons: [{ construct: 'benefits', weight: 4, note: 'no running service uses it' }],
    wouldWorkAgain: true,
  };
  expect(
    (
      await h.call('POST', `/v1/agreements/${agreementId}/exit-survey`, {
        token: city.token,
        body: survey,
      })
    ).status,
  ).toBe(409);
  await h.call('POST', `/v1/agreements/${agreementId}/notice`, {
    token: city.token,
    body: {
      reason: 'project ended',
      effectiveAt: new Date(h.clock.now().getTime() + 40 * 86_400_000).toISOString(),
    },
  });
  const bad = await h.call('POST', `/v1/agreements/${agreementId}/exit-survey`, {
    token: city.token,
    body: { reasons: [{ construct: 'price', weight: 9 }], wouldWorkAgain: 'yes' },
  });
  expect(bad.status).toBe(400);
  expect(
    [...new Set((bad.body.errors as Array<{ path: string }>).map((e) => e.path))].sort(),
  ).toEqual(['reasons[0].construct', 'reasons[0].weight', 'wouldWorkAgain']);
  expect(
    (
      await h.call('POST', `/v1/agreements/${agreementId}/exit-survey`, {
        token: city.token,
        body: survey,
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await h.call('POST', `/v1/agreements/${agreementId}/exit-survey`, {
        token: city.token,
        body: survey,
      })
    ).status,
  ).toBe(409);
  const events = await governance(agreementId, 1);
  expect(events[0].data).toEqual(
    expect.objectContaining({
      respondentRole: 'consumer',
      agreementState: 'NOTICE_GIVEN',
      wouldWorkAgain: true,
    }),
  );
});

it('records regulation changes (operator only, reference unique) and lists them', async () => {
  const operator = await h.token('platform-operator', ['operator']);
  const city = await h.participant();
  const body = {
    reference: 'City resolution 42/2026 (synthetic)',
    title: 'Open data by default',
    effectiveAt: '2026-09-01T00:00:00Z',
  };
  expect((await h.call('POST', '/v1/regulations', { token: city.token, body })).status).toBe(403);
  const created = await h.call<{ regulationId: string }>('POST', '/v1/regulations', {
    token: operator,
    body,
  });
  expect(created.status).toBe(201);
  expect((await h.call('POST', '/v1/regulations', { token: operator, body })).status).toBe(409);
  const list = await h.call<{ items: Array<{ reference: string }> }>('GET', '/v1/regulations', {
    token: city.token,
  });
  expect(list.body.items.map((r) => r.reference)).toContain(body.reference);
  const [event] = await governance(created.body.regulationId, 1);
  expect(event.type).toBe('consent.governance.regulation-changed');
});

it('records a benefit a party reports for a past period, self-reported, and refuses malformed ones', async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const stranger = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const agreementId = await h.activeAgreement(telecom, city, datasetId);
  const path = `/v1/agreements/${agreementId}/benefits`;
  const quarter = {
    periodFrom: '2026-04-01T00:00:00.000Z',
    periodTo: '2026-06-30T23:59:59.000Z',
  };
  const ok = await h.call<{ reportId: string; selfReported: boolean; reporterRole: string }>(
    'POST',
    path,
    {
      token: city.token,
      body: {
        ...quarter,
        kind: 'cost-avoided',
        amountKzt: 12_500_000,
        description: 'Pedestrian survey not commissioned (synthetic).',
      },
    },
  );
  expect(ok.status).toBe(201);
  expect(ok.body).toMatchObject({ selfReported: true, reporterRole: 'consumer' });
  const bad = await h.call<{ errors: Array<{ path: string }> }>('POST', path, {
    token: city.token,
    body: { ...quarter, kind: 'staff-hours-saved', amountKzt: 5, description: 'wrong figure' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e) => e.path).sort()).toEqual(['amountKzt', 'hours']);
  const future = await h.call<{ errors: Array<{ path: string }> }>('POST', path, {
    token: city.token,
    body: {
      periodFrom: '2026-01-01T00:00:00.000Z',
      periodTo: '2999-01-01T00:00:00.000Z',
      kind: 'citizen-service',
      users: 10,
      description: 'not yet',
    },
  });
  expect(future.status).toBe(400);
  expect(future.body.errors.map((e) => e.path)).toEqual(['periodTo']);
  const unknownKind = await h.call('POST', path, {
    token: city.token,
    body: { ...quarter, kind: 'happiness', description: 'x'.repeat(5) },
  });
  expect(unknownKind.status).toBe(400);
  expect(
    (
      await h.call('POST', path, {
        token: stranger.token,
        body: { ...quarter, kind: 'revenue', amountKzt: 1, description: 'not mine' },
      })
    ).status,
  ).toBe(404);
  const events = await governance(agreementId, 1);
  const reported = events.find((e) => e.type === 'consent.governance.benefit-reported')!;
  expect(reported.data).toMatchObject({
    reportId: ok.body.reportId,
    kind: 'cost-avoided',
    amountKzt: 12_500_000,
    selfReported: true,
  });
  // Nothing half-written: only the valid report is stored.
  const rows = await h.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM consent.benefit_reports WHERE agreement_id = $1`,
    [agreementId],
  );
  expect(rows[0].n).toBe(1);
});

it('names the integrated view and the resident service a benefit came from, and refuses a service on another kind', async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const agreementId = await h.activeAgreement(telecom, city, datasetId);
  const path = `/v1/agreements/${agreementId}/benefits`;
  const viewId = '0e5f9d8a-3b1c-4d2e-8f7a-6b5c4d3e2f1a';
  const period = { periodFrom: '2026-04-01T00:00:00.000Z', periodTo: '2026-06-30T00:00:00.000Z' };
  const ok = await h.call<{ viewId: string; service: string }>('POST', path, {
    token: city.token,
    body: {
      ...period,
      kind: 'citizen-service',
      users: 48_000,
      viewId,
      service: 'Public service centre, Alatau district',
      description: 'Centres placed where presence and outlets said.',
    },
  });
  expect(ok.status).toBe(201);
  expect(ok.body).toMatchObject({ viewId, service: 'Public service centre, Alatau district' });
  const misplaced = await h.call<{ errors: Array<{ path: string }> }>('POST', path, {
    token: city.token,
    body: { ...period, kind: 'decision-supported', count: 2, service: 'Bus', description: 'x.x' },
  });
  expect(misplaced.status).toBe(400);
  expect(misplaced.body.errors.map((e) => e.path)).toEqual(['service']);
  const badView = await h.call<{ errors: Array<{ path: string }> }>('POST', path, {
    token: city.token,
    body: { ...period, kind: 'decision-supported', count: 2, viewId: 'nope', description: 'x.x' },
  });
  expect(badView.status).toBe(400);
  expect(badView.body.errors.map((e) => e.path)).toEqual(['viewId']);
  const [event] = await governance(agreementId, 1);
  expect(event.data).toMatchObject({ viewId, service: 'Public service centre, Alatau district' });
  const rows = await h.sql<{ view_id: string; service: string }>(
    `SELECT view_id, service FROM consent.benefit_reports WHERE agreement_id = $1`,
    [agreementId],
  );
  expect(rows).toEqual([{ view_id: viewId, service: 'Public service centre, Alatau district' }]);
});

it('records one closing interview per stakeholder (operator only), coded to the codebook, and refuses inconsistent codings', async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const outsider = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  await h.activeAgreement(telecom, city, datasetId);
  const operator = await h.token('platform-operator', ['operator']);
  const interview = {
    participantId: telecom.id,
    stakeholderRole: 'Head of the data office',
    heldAt: '2026-11-20T10:00:00.000Z',
    ratings: [
      { construct: 'trust', score: 4 },
      { construct: 'communication', score: 2 },
    ],
    positive: ['benefit-realised', 'common-standards'],
    negative: ['notice-of-changes'],
    notes: 'Schema changes came without warning twice.',
  };
  const path = '/v1/exit-interviews';
  // Parties do not record interviews about themselves or each other.
  expect((await h.call('POST', path, { token: city.token, body: interview })).status).toBe(403);
  const ok = await h.call<{ interviewId: string; interviewer: string }>('POST', path, {
    token: operator,
    body: interview,
  });
  expect(ok.status).toBe(201);
  expect(ok.body.interviewer).toBe('platform-operator');
  // The same stakeholder again, spelt differently, is the same stakeholder.
  const again = await h.call<{ code: string }>('POST', path, {
    token: operator,
    body: { ...interview, stakeholderRole: '  head of the  DATA office ' },
  });
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('INTERVIEW.ALREADY_RECORDED');
  const inconsistent = await h.call<{ errors: Array<{ path: string }> }>('POST', path, {
    token: operator,
    body: {
      ...interview,
      stakeholderRole: 'Chief technology officer',
      heldAt: '2999-01-01T00:00:00.000Z',
      ratings: [
        { construct: 'trust', score: 4 },
        { construct: 'trust', score: 2 },
      ],
      positive: ['benefit-realised', 'benefit-realised'],
      negative: ['benefit-realised'],
    },
  });
  expect(inconsistent.status).toBe(400);
  expect(inconsistent.body.errors.map((e) => e.path).sort()).toEqual([
    'heldAt',
    'negative[0]',
    'positive[1]',
    'ratings[1].construct',
  ]);
  const unknownTheme = await h.call<{ errors: Array<{ path: string }> }>('POST', path, {
    token: operator,
    body: { ...interview, stakeholderRole: 'CTO', positive: ['vibes'], ratings: [] },
  });
  expect(unknownTheme.status).toBe(400);
  expect(unknownTheme.body.errors.map((e) => e.path).sort()).toEqual(['positive', 'ratings']);
  const stranger = await h.call<{ code: string }>('POST', path, {
    token: operator,
    body: { ...interview, participantId: outsider.id },
  });
  expect(stranger.status).toBe(422);
  expect(stranger.body.code).toBe('INTERVIEW.NOT_A_PARTICIPANT');
  const [event] = await governance(telecom.id, 1);
  expect(event.type).toBe('consent.governance.exit-interview-recorded');
  expect(event.data).toMatchObject({
    interviewId: ok.body.interviewId,
    participantId: telecom.id,
    positive: ['benefit-realised', 'common-standards'],
    negative: ['notice-of-changes'],
  });
  const rows = await h.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM consent.exit_interviews WHERE participant_id = $1`,
    [telecom.id],
  );
  expect(rows[0].n).toBe(1);
});
