import { CatalogHarness, datasetBody, type RegisteredParticipant } from '../test/catalog-harness';

/*
 * The first release's unversioned paths after the move to /v1 (docs/adr/2026-12-06-api-versioning.md)
 * against the real app: they still answer, marked deprecated with the sunset date and the path to
 * use; /v1 and the version-neutral OAuth endpoints answer without those marks; an unknown path
 * stays a plain 404.
 */
let h: CatalogHarness;
let telecom: RegisteredParticipant;

beforeAll(async () => {
  h = await CatalogHarness.start();
  telecom = await h.registerParticipant({ name: 'Telecom (synthetic)', sector: 'telecoms' });
});

afterAll(async () => {
  await h?.close();
});

it('serves an old path as /v1 with Deprecation, Sunset and the successor link', async () => {
  const old = await h.call<{ id: string }>('GET', `/participants/${telecom.id}`, {
    token: telecom.token,
  });
  const current = await h.call<{ id: string }>('GET', `/v1/participants/${telecom.id}`, {
    token: telecom.token,
  });
  expect([old.status, current.status]).toEqual([200, 200]);
  expect(old.body).toEqual(current.body);
  expect(old.headers.get('deprecation')).toBe('@1796515200');
  expect(old.headers.get('sunset')).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
  expect(old.headers.get('link')).toBe(`</v1/participants/${telecom.id}>; rel="successor-version"`);
  expect(current.headers.get('deprecation')).toBeNull();
});

it('keeps writes working on an old path, answering with /v1 links', async () => {
  const res = await h.call<{ id: string }>('POST', '/datasets', {
    token: telecom.token,
    body: datasetBody(),
  });
  expect(res.status).toBe(201);
  expect(res.headers.get('location')).toBe(`/v1/datasets/${res.body.id}`);
  expect(res.headers.get('deprecation')).toBe('@1796515200');
});

it('leaves the OAuth endpoints and unknown paths as they are', async () => {
  const token = await h.call('POST', '/oauth/token', {
    body: { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x'.repeat(20) },
  });
  expect(token.status).toBe(401);
  expect(token.headers.get('deprecation')).toBeNull();
  const jwks = await h.call('GET', '/.well-known/jwks.json');
  expect(jwks.status).toBe(200);
  const unknown = await h.call<{ code: string }>('GET', '/nowhere', { token: telecom.token });
  expect([unknown.status, unknown.body.code]).toEqual([404, 'HTTP.ROUTE_NOT_FOUND']);
  expect(unknown.headers.get('deprecation')).toBeNull();
});
