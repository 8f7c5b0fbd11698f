import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AgreementActivatedV1,
  AgreementSuspendedV1,
  createEnvelope,
  SubjectConsentWithdrawnV1,
  Topics,
  type AgreementEventV1,
  type EventDefinition,
} from '@dx/contracts';
import { produceRaw, repoRoot, waitFor } from '@dx/testing';
import { IntegrationHarness } from '../../test/integration-harness';

/** tools/audit/verify-access-log.sh (bash, jq, sha256sum) on an export; its exit code and output. */
function auditWithStandardTools(exported: unknown): { code: number; out: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'dx-audit-')), 'export.json');
  writeFileSync(file, JSON.stringify(exported));
  const run = spawnSync('bash', [join(repoRoot, 'tools/audit/verify-access-log.sh'), file], {
    encoding: 'utf8',
  });
  return { code: run.status ?? -1, out: run.stdout };
}

/*
 * Governed access against the real database and broker: agreements and consent withdrawals arrive as
 * consent events on Kafka; reads are projected, consent-filtered, paged, logged in a hash chain that
 * an auditor verifies (and that detects tampering); refusals answer 403 and emit access-denied.
 */
let h: IntegrationHarness;
let telecom: { id: string; token: string };
let city: { id: string; token: string };
let datasetId: string;
const agreementId = randomUUID();

function agreementEvent(
  def: EventDefinition<string, AgreementEventV1>,
  state: string,
  version: number,
  reason?: string,
): Promise<string> {
  return h.agreement({
    agreementId,
    datasetId,
    providerId: telecom.id,
    consumerId: city.id,
    fields: ['district', 'hour', 'people'],
    def,
    state: state as AgreementEventV1['state'],
    version,
    ...(reason ? { reason } : {}),
  });
}

const read = (token: string, query = '') =>
  h.call<{ items: Array<Record<string, unknown>>; nextCursor: string | null }>(
    'GET',
    `/v1/agreements/${agreementId}/records${query}`,
    { token },
  );

beforeAll(async () => {
  h = await IntegrationHarness.start();
  telecom = await h.participant();
  city = await h.participant();
  datasetId = await h.publishDataset(telecom.id, { subjectField: 'subject' });
  const lines = ['s1', 's2', 's3'].map((subject, i) =>
    JSON.stringify({
      district: ['Almaly', 'Medeu', 'Auezov'][i],
      hour: '2026-03-02T10:00:00Z',
      people: 10 * (i + 1),
      note: 'internal',
      subject,
    }),
  );
  const delivered = await h.call('POST', `/v1/datasets/${datasetId}/deliveries`, {
    token: telecom.token,
    raw: lines.join('\n'),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  if (delivered.status !== 201)
    throw new Error(`delivery failed: ${JSON.stringify(delivered.body)}`);
  await agreementEvent(AgreementActivatedV1, 'ACTIVE', 5);
});

afterAll(async () => {
  await h?.close();
});

it('serves the consumer only the agreed fields, hides withdrawn subjects within seconds, and pages', async () => {
  const all = await read(city.token);
  expect(all.status).toBe(200);
  expect(all.body.items).toEqual([
    // In write order, which within a delivery is the order of its lines.
    { district: 'Almaly', hour: '2026-03-02T10:00:00Z', people: 10 },
    { district: 'Medeu', hour: '2026-03-02T10:00:00Z', people: 20 },
    { district: 'Auezov', hour: '2026-03-02T10:00:00Z', people: 30 },
  ]);
  const w = createEnvelope({
    time: new Date(),
    type: SubjectConsentWithdrawnV1.type,
    version: 1,
    source: 'consent',
    subject: 's2',
    data: {
      ...SubjectConsentWithdrawnV1.example,
      subjectId: 's2',
      datasetId,
      providerId: telecom.id,
      purpose: 'urban-planning',
      occurredAt: new Date().toISOString(),
    },
  });
  await produceRaw(`${h.prefix}${Topics.consentSubjectConsent}`, [
    { key: 's2', value: JSON.stringify(w), headers: { ce_id: w.id, ce_type: w.type } },
  ]);
  const filtered = await waitFor(() => read(city.token), {
    until: (r) => r.body.items.length === 2,
    what: 'the withdrawal applied',
    timeoutMs: 10_000,
  });
  expect(filtered.body.items.map((r) => r.district)).toEqual(['Almaly', 'Auezov']);
  const first = await read(city.token, '?limit=1');
  const second = await read(city.token, `?limit=1&cursor=${first.body.nextCursor}`);
  expect([
    first.body.items[0].district,
    second.body.items[0].district,
    second.body.nextCursor,
  ]).toEqual(['Almaly', 'Auezov', null]);
  const events = await h.publishedEvents(agreementId, Topics.integrationAccess);
  expect(events.length).toBeGreaterThanOrEqual(4);
  expect(events[events.length - 1].data).toEqual(
    expect.objectContaining({ rows: 1, fields: ['district', 'hour', 'people'] }),
  );
});

it('filters on agreed fields and syncs incrementally with since', async () => {
  expect((await read(city.token, '?filter=district:Auezov')).body.items).toEqual([
    { district: 'Auezov', hour: '2026-03-02T10:00:00Z', people: 30 },
  ]);
  const both = await read(city.token, '?filter=people:10&filter=district:Almaly');
  expect(both.body.items.map((r) => r.district)).toEqual(['Almaly']);
  const notAgreed = await read(city.token, '?filter=note:internal');
  expect(notAgreed.status).toBe(400);
  expect(notAgreed.body).toMatchObject({
    errors: [{ path: 'filter', message: 'note is not an agreed field' }],
  });
  const malformed = await read(city.token, '?filter=district&since=yesterday');
  expect(malformed.status).toBe(400);
  expect(
    (malformed.body as unknown as { errors: Array<{ path: string }> }).errors
      .map((e) => e.path)
      .sort(),
  ).toEqual(['filter', 'since']);

  const before = new Date().toISOString();
  const changed = await h.call('POST', `/v1/datasets/${datasetId}/deliveries`, {
    token: telecom.token,
    raw: JSON.stringify({
      district: 'Almaly',
      hour: '2026-03-02T10:00:00Z',
      people: 11,
      note: 'internal',
      subject: 's1',
    }),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(changed.status).toBe(201);
  expect((await read(city.token, `?since=${before}`)).body.items).toEqual([
    { district: 'Almaly', hour: '2026-03-02T10:00:00Z', people: 11 },
  ]);
  const [logged] = await h.sql<{ filters: Record<string, unknown> }>(
    `SELECT filters FROM integration.access_log WHERE agreement_id = $1 ORDER BY seq DESC LIMIT 1`,
    [agreementId],
  );
  expect(logged.filters).toMatchObject({ since: before });
});

it('refuses the provider, a stranger and a suspended agreement, saying why', async () => {
  const stranger = await h.participant();
  expect((await read(stranger.token)).status).toBe(404);
  const provider = await read(telecom.token);
  expect(provider.status).toBe(403);
  await agreementEvent(AgreementSuspendedV1, 'SUSPENDED', 6, 'quality review');
  const suspended = await read(city.token);
  expect(suspended.status).toBe(403);
  expect(suspended.body).toEqual(
    expect.objectContaining({
      code: 'ACCESS.DENIED',
      detail: 'the agreement is SUSPENDED: quality review',
      agreementState: 'SUSPENDED',
    }),
  );
  const denied = (await h.publishedEvents(agreementId, Topics.integrationAccess)).filter(
    (e) => e.type === 'integration.access.access-denied',
  );
  expect(denied.map((e) => (e.data as { reason: string }).reason)).toEqual(
    expect.arrayContaining([
      'only the consumer of the agreement reads records through it',
      'the agreement is SUSPENDED: quality review',
    ]),
  );
});

it('shows each party the log of its own agreements and the auditor everything', async () => {
  const stranger = await h.participant();
  const auditor = await h.token('audit-office', ['auditor']);
  type Log = { items: Array<{ agreementId: string; reader: string; rows: number }> };
  const mine = await h.call<Log>('GET', `/v1/access-log?agreementId=${agreementId}`, {
    token: telecom.token,
  });
  expect(mine.body.items.length).toBeGreaterThanOrEqual(4);
  expect(new Set(mine.body.items.map((e) => e.reader))).toEqual(new Set([city.id]));
  expect(
    (await h.call<Log>('GET', '/v1/access-log', { token: stranger.token })).body.items,
  ).toEqual([]);
  const all = await h.call<Log>('GET', '/v1/access-log?limit=500', { token: auditor });
  expect(all.body.items.length).toBe(mine.body.items.length);
});

it("judges a delivery's currentness against the freshness agreed by its running agreement (P2D)", async () => {
  const recent = new Date(Date.now() - 3_600_000).toISOString();
  const body = [
    JSON.stringify({ district: 'Turksib', hour: recent, people: 1, subject: 's9' }),
    JSON.stringify({
      district: 'Nauryzbay',
      hour: '2026-01-01T00:00:00Z',
      people: 2,
      subject: 's8',
    }),
  ].join('\n');
  const res = await h.call<{ quality: { currentness: number | null } }>(
    'POST',
    `/v1/datasets/${datasetId}/deliveries`,
    {
      token: telecom.token,
      raw: body,
      headers: { 'content-type': 'application/x-ndjson' },
    },
  );
  expect(res.body.quality.currentness).toBe(0.5);
});

it('keeps a hash-chained access log that the auditor verifies and that reveals tampering', async () => {
  const auditor = await h.token('audit-office', ['auditor']);
  const ok = await h.call<{ entries: number; intact: boolean }>('GET', '/v1/access-log/verify', {
    token: auditor,
  });
  expect(ok.body).toEqual(expect.objectContaining({ intact: true }));
  expect(ok.body.entries).toBeGreaterThanOrEqual(4);
  expect((await h.call('GET', '/v1/access-log/verify', { token: city.token })).status).toBe(403);
  // An auditor verifies an export with standard tools only (README, "Auditing the access log").
  const exported = await h.call<{ items: unknown[] }>('GET', '/v1/access-log?limit=500', {
    token: auditor,
  });
  expect(auditWithStandardTools(exported.body)).toEqual({
    code: 0,
    out: expect.stringMatching(
      new RegExp(`^intact: ${ok.body.entries} entries, last hash [0-9a-f]{64}`),
    ),
  });
  await h.sql(`UPDATE integration.access_log SET rows = rows + 100 WHERE seq = 2`);
  const tampered = await h.call<{ items: unknown[] }>('GET', '/v1/access-log?limit=500', {
    token: auditor,
  });
  expect(auditWithStandardTools(tampered.body)).toEqual({
    code: 1,
    out: 'broken at seq 2: hash does not match the entry content\n',
  });
  const broken = await h.call('GET', '/v1/access-log/verify', { token: auditor });
  expect(broken.body).toEqual(
    expect.objectContaining({
      intact: false,
      firstBrokenLink: { seq: 2, reason: 'hash does not match the entry content' },
    }),
  );
});
