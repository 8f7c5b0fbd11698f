import { decodeJwt } from 'jose';
import { CatalogHarness } from '../../test/catalog-harness';

/*
 * The DSP gateway's client comes from configuration, as the operator's does (docs/dataspace.md
 * §4): it proves the platform's data-space identity to peers and holds no platform role. On a
 * catalog of its own (configuration is read once per process).
 */
const PEER = 'https://connector.telecom.example/protocol/2025-1';

let own: CatalogHarness;
const secret = 'gateway-secret-0123456789';

beforeAll(async () => {
  own = await CatalogHarness.start({
    DSP_GATEWAY_CLIENT_ID: 'dx-dsp-test',
    DSP_GATEWAY_CLIENT_SECRET: secret,
  });
});

afterAll(async () => {
  await own?.close();
});

const gatewayAsk = (clientSecret: string, resource?: string) =>
  own.call<{ access_token: string; error?: string }>('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: 'dx-dsp-test',
      client_secret: clientSecret,
      ...(resource ? { resource } : {}),
    },
  });

it('issues the gateway identity-only tokens for a peer, and nothing with a wrong secret', async () => {
  const res = await gatewayAsk(secret, PEER);
  expect(res.status).toBe(200);
  expect(decodeJwt(res.body.access_token)).toEqual(
    expect.objectContaining({ sub: 'dx-dsp-test', aud: PEER, roles: [] }),
  );
  // Even its platform token has no role: a route that needs one refuses it.
  const platform = (await gatewayAsk(secret)).body.access_token;
  expect(decodeJwt(platform).roles).toEqual([]);
  expect((await own.call('POST', '/v1/datasets', { token: platform, body: {} })).status).toBe(403);
  expect((await gatewayAsk('not-the-gateway-secret')).status).toBe(401);
});
