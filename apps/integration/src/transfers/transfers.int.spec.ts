import { randomUUID } from 'node:crypto';
import { AgreementActivatedV1, AgreementSuspendedV1, AgreementResumedV1 } from '@dx/contracts';
import { IntegrationHarness } from '../../test/integration-harness';

/*
 * Pull transfers (docs/dataspace.md §6) on the real database and broker: the consumer of an
 * agreement in force opens one, reads with its grant token exactly what the governed read gives
 * (agreed fields only, logged with the transfer named), and the token stops when the transfer is
 * suspended, completed or terminated, or when the agreement is suspended.
 */
let h: IntegrationHarness;
let telecom: { id: string; token: string };
let city: { id: string; token: string };
let datasetId: string;
const agreementId = randomUUID();

type Opened = {
  id: string;
  token: string;
  endpoint: string;
  state: string;
  reference: string | null;
};
type Page = { items: Array<Record<string, unknown>>; nextCursor: string | null };

const open = (token: string, body: Record<string, unknown>) =>
  h.call<Opened & { code?: string; errors?: unknown }>('POST', '/v1/transfers', { token, body });
const pull = (id: string, grant: string | null, query = '') =>
  h.call<Page & { code?: string; transferState?: string }>(
    'GET',
    `/v1/transfers/${id}/records${query}`,
    grant === null ? {} : { headers: { authorization: `Bearer ${grant}` } },
  );
const command = (id: string, token: string, verb: string, reason?: string) =>
  h.call<{ state: string; code?: string; allowedCommands?: string[] }>(
    'POST',
    `/v1/transfers/${id}/${verb}`,
    { token, body: reason ? { reason } : {} },
  );

beforeAll(async () => {
  h = await IntegrationHarness.start({ PUBLIC_URL: 'https://integration.city.example' });
  telecom = await h.participant();
  city = await h.participant();
  datasetId = await h.publishDataset(telecom.id, { subjectField: 'subject' });
  const lines = ['s1', 's2'].map((subject, i) =>
    JSON.stringify({
      district: ['Almaly', 'Medeu'][i],
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
  await h.agreement({
    agreementId,
    datasetId,
    providerId: telecom.id,
    consumerId: city.id,
    fields: ['district', 'hour', 'people'],
    def: AgreementActivatedV1,
    state: 'ACTIVE',
    version: 5,
  });
});

afterAll(async () => {
  await h?.close();
});

it('opens a transfer for the consumer and reads with its token exactly what the governed read gives', async () => {
  const opened = await open(city.token, { agreementId, reference: 'urn:uuid:dsp-process-1' });
  expect(opened.status).toBe(201);
  expect(opened.body).toEqual(
    expect.objectContaining({
      state: 'STARTED',
      reference: 'urn:uuid:dsp-process-1',
      endpoint: `https://integration.city.example/v1/transfers/${opened.body.id}/records`,
    }),
  );
  expect(opened.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const viaTransfer = await pull(opened.body.id, opened.body.token);
  const direct = await h.call<Page>('GET', `/v1/agreements/${agreementId}/records`, {
    token: city.token,
  });
  expect(viaTransfer.status).toBe(200);
  // Connectors send the data address's token as it is, without the scheme.
  const bare = await h.call<Page>('GET', `/v1/transfers/${opened.body.id}/records`, {
    headers: { authorization: opened.body.token },
  });
  expect(bare.body.items).toEqual(viaTransfer.body.items);
  expect(viaTransfer.body.items).toEqual(direct.body.items);
  expect(viaTransfer.body.items[0]).toEqual({
    district: 'Almaly',
    hour: '2026-03-02T10:00:00Z',
    people: 10,
  });
  // The token is never stored or shown again.
  const shown = await h.call<Record<string, unknown>>('GET', `/v1/transfers/${opened.body.id}`, {
    token: city.token,
  });
  expect(shown.body.token).toBeUndefined();
  const stored = await h.sql<{ digest_length: number }>(
    `SELECT length(token_digest) AS digest_length FROM integration.transfer_grants WHERE transfer_id = $1`,
    [opened.body.id],
  );
  expect(stored).toEqual([{ digest_length: 32 }]);
});

it('logs each read through a transfer with the transfer named, as the consumer', async () => {
  const opened = await open(city.token, { agreementId, reference: 'urn:uuid:dsp-process-2' });
  await pull(opened.body.id, opened.body.token, '?limit=1');
  const log = await h.call<{
    items: Array<{ reader: string; rows: number; filters: Record<string, unknown> }>;
  }>('GET', `/v1/access-log?agreementId=${agreementId}`, { token: city.token });
  const entry = log.body.items.find(
    (e) =>
      (e.filters.transfer as { transferId?: string } | undefined)?.transferId === opened.body.id,
  );
  expect(entry).toEqual(
    expect.objectContaining({
      reader: city.id,
      rows: 1,
      filters: expect.objectContaining({
        limit: 1,
        transfer: { transferId: opened.body.id, reference: 'urn:uuid:dsp-process-2' },
      }),
    }),
  );
});

it('refuses a missing, wrong or other transfer’s token with 401', async () => {
  const a = await open(city.token, { agreementId });
  const b = await open(city.token, { agreementId });
  expect((await pull(a.body.id, null)).status).toBe(401);
  expect((await pull(a.body.id, 'not-the-token')).body.code).toBe('TRANSFER.INVALID_TOKEN');
  expect((await pull(a.body.id, b.body.token)).status).toBe(401);
  // A platform access token is not a grant token either.
  expect((await pull(a.body.id, city.token)).status).toBe(401);
});

it('stops the token while suspended, starts it again on resume, and ends it for good on completion', async () => {
  const t = await open(city.token, { agreementId });
  expect(
    (await command(t.body.id, city.token, 'suspend', 'pause for maintenance')).body.state,
  ).toBe('SUSPENDED');
  const paused = await pull(t.body.id, t.body.token);
  expect(paused.status).toBe(403);
  expect(paused.body).toEqual(
    expect.objectContaining({ code: 'TRANSFER.NOT_STARTED', transferState: 'SUSPENDED' }),
  );
  expect((await command(t.body.id, city.token, 'resume')).body.state).toBe('STARTED');
  expect((await pull(t.body.id, t.body.token)).status).toBe(200);
  expect((await command(t.body.id, city.token, 'complete')).body.state).toBe('COMPLETED');
  expect((await pull(t.body.id, t.body.token)).status).toBe(403);
  const again = await command(t.body.id, city.token, 'resume');
  expect(again.status).toBe(409);
  expect(again.body).toEqual(
    expect.objectContaining({ code: 'TRANSFER.INVALID_TRANSITION', allowedCommands: [] }),
  );
});

it('lets only the consumer open, see and change transfers', async () => {
  const stranger = await h.participant();
  expect((await open(telecom.token, { agreementId })).body.code).toBe('ACCESS.DENIED');
  expect((await open(stranger.token, { agreementId })).status).toBe(404);
  const t = await open(city.token, { agreementId });
  for (const who of [telecom, stranger]) {
    expect((await h.call('GET', `/v1/transfers/${t.body.id}`, { token: who.token })).status).toBe(
      404,
    );
    expect((await command(t.body.id, who.token, 'terminate')).status).toBe(404);
  }
  expect((await command(t.body.id, city.token, 'terminate')).body.state).toBe('TERMINATED');
});

it('refuses bad input field by field', async () => {
  const bad = await open(city.token, { agreementId: 'nope', reference: 'a\u0007b' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ path: 'agreementId' }),
      expect.objectContaining({ path: 'reference' }),
    ]),
  );
  const t = await open(city.token, { agreementId });
  const verb = await command(t.body.id, city.token, 'explode');
  expect(verb.status).toBe(400);
});

it('reads nothing through a transfer while the agreement is suspended, and again once it resumes', async () => {
  const t = await open(city.token, { agreementId });
  await h.agreement({
    agreementId,
    datasetId,
    providerId: telecom.id,
    consumerId: city.id,
    fields: ['district', 'hour', 'people'],
    def: AgreementSuspendedV1,
    state: 'SUSPENDED',
    version: 6,
    reason: 'quality review',
  });
  const refused = await pull(t.body.id, t.body.token);
  expect(refused.status).toBe(403);
  expect(refused.body.code).toBe('ACCESS.DENIED');
  expect((await open(city.token, { agreementId })).status).toBe(403);
  await h.agreement({
    agreementId,
    datasetId,
    providerId: telecom.id,
    consumerId: city.id,
    fields: ['district', 'hour', 'people'],
    def: AgreementResumedV1,
    state: 'ACTIVE',
    version: 7,
  });
  expect((await pull(t.body.id, t.body.token)).status).toBe(200);
});
