import { decodeJwt } from 'jose';
import { CatalogHarness, type RegisteredParticipant } from '../../test/catalog-harness';

/*
 * Tokens for a data-space peer (RFC 8707 resource indicators, docs/dataspace.md §4): a client asks
 * for a token meant for another service; the token names the client's participant and that service
 * as its audience, carries no platform roles, and the platform itself refuses it.
 */
let h: CatalogHarness;
let telecom: RegisteredParticipant;
const PEER = 'https://connector.telecom.example/protocol/2025-1';

beforeAll(async () => {
  h = await CatalogHarness.start();
  telecom = await h.registerParticipant({ name: 'Telecom (synthetic)', kind: 'business' });
});

afterAll(async () => {
  await h?.close();
});

const ask = (body: Record<string, string>) =>
  h.call<{ access_token: string; error?: string }>('POST', '/oauth/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    raw: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: telecom.clientId,
      client_secret: telecom.clientSecret,
      ...body,
    }).toString(),
  });

it('issues a token for the peer: the participant as subject, the peer as audience, no roles', async () => {
  const res = await ask({ resource: PEER });
  expect(res.status).toBe(200);
  const claims = decodeJwt(res.body.access_token);
  expect(claims).toEqual(
    expect.objectContaining({ sub: telecom.id, aud: PEER, roles: [], client_id: telecom.clientId }),
  );
  // An ordinary token of the same client keeps its platform audience and role.
  const own = decodeJwt((await ask({})).body.access_token);
  expect(own.aud).not.toBe(PEER);
  expect(own.roles).toEqual(['participant']);
});

it('the platform refuses a token issued for a peer', async () => {
  const forPeer = (await ask({ resource: PEER })).body.access_token;
  const refused = await h.call('GET', `/v1/participants/${telecom.id}`, { token: forPeer });
  expect(refused.status).toBe(401);
  const accepted = await h.call('GET', `/v1/participants/${telecom.id}`, { token: telecom.token });
  expect(accepted.status).toBe(200);
});

it.each([
  ['a relative reference', '/protocol'],
  ['a fragment', 'https://connector.example/protocol#x'],
  ['another scheme', 'urn:example:connector'],
])('answers invalid_target for %s', async (_what, resource) => {
  const res = await ask({ resource });
  expect(res.status).toBe(400);
  expect(res.body).toEqual(
    expect.objectContaining({ error: 'invalid_target', code: 'OAUTH.INVALID_TARGET' }),
  );
});
