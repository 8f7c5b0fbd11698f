import { randomUUID } from 'node:crypto';
import { CatalogHarness } from '../../test/catalog-harness';

/*
 * The OAuth 2.0 token endpoint's answers to clients that get it wrong (RFC 6749 §5.2 JSON, not
 * problem+json, as docs/adr/2026-12-04-production-security.md decision 7 and the README explain) and its per-address limit behind a trusted proxy (TRUST_PROXY), on a catalog of
 * its own: three token requests per address and minute.
 */
let h: CatalogHarness;

beforeAll(async () => {
  h = await CatalogHarness.start({ TOKEN_RATE_LIMIT_PER_ADDRESS: '3', TRUST_PROXY: 'loopback' });
});

afterAll(async () => {
  await h?.close();
});

it('answers token errors as RFC 6749 §5.2 JSON: invalid_client 401 with WWW-Authenticate, invalid_request and unsupported_grant_type 400', async () => {
  // A client id that exists is not needed: a wrong secret and an unknown id answer alike.
  const p = { clientId: `c-${randomUUID()}`, clientSecret: 'x' };
  const wrong = await h.call('POST', '/oauth/token', {
    headers: {
      authorization: `Basic ${Buffer.from(`${p.clientId}:not-the-secret`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    raw: 'grant_type=client_credentials',
  });
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('content-type')).toMatch(/^application\/json/);
  expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="dx"');
  expect(wrong.headers.get('cache-control')).toBe('no-store');
  expect(wrong.body).toEqual(expect.objectContaining({ error: 'invalid_client' }));
  const incomplete = await h.call('POST', '/oauth/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    raw: 'client_id=x',
  });
  expect(incomplete.status).toBe(400);
  expect(incomplete.body).toEqual(
    expect.objectContaining({ error: 'invalid_request', error_description: expect.any(String) }),
  );
  const grant = await h.call('POST', '/oauth/token', {
    headers: { 'x-forwarded-for': '192.0.2.44' },
    body: { grant_type: 'password', client_id: p.clientId, client_secret: p.clientSecret },
  });
  expect(grant.status).toBe(400);
  expect(grant.body).toEqual(expect.objectContaining({ error: 'unsupported_grant_type' }));
  // Even a body the parser refuses keeps the OAuth shape on this endpoint.
  const malformed = await h.call('POST', '/oauth/token', {
    headers: { 'content-type': 'application/json' },
    raw: '{"grant_type":',
  });
  expect(malformed.status).toBe(400);
  expect(malformed.body).toEqual(expect.objectContaining({ error: 'invalid_request' }));
});

it('keys the per-address token limit on the client address a trusted proxy reports (TRUST_PROXY)', async () => {
  // TRUST_PROXY=loopback here: the test client stands for the ingress, X-Forwarded-For for the
  // real client. Unknown client ids keep the per-client budget out of the way.
  const ask = (client: string) =>
    h.call('POST', '/oauth/token', {
      headers: { 'x-forwarded-for': client },
      body: {
        grant_type: 'client_credentials',
        client_id: `c-${randomUUID()}`,
        client_secret: 'x',
      },
    });
  const first: number[] = [];
  for (let i = 0; i < 4; i++) first.push((await ask('203.0.113.7')).status);
  expect(first).toEqual([401, 401, 401, 429]);
  // Another client behind the same proxy has its own budget.
  expect((await ask('198.51.100.9')).status).toBe(401);
  expect((await ask('203.0.113.7')).status).toBe(429);
});
