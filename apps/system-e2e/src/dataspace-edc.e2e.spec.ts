import { startEdcConnector, waitFor, type EdcConnector } from '@dx/testing';
import { startDataspaceStack, type DataspaceStack } from '../test/dataspace-stack';

/*
 * Proof against a real connector (docs/dataspace.md §7): an Eclipse EDC 0.14.0 control plane,
 * assembled from Maven Central with our identity extension, is the city's connector. Through
 * EDC's own management API it fetches the platform's DSP catalogue, negotiates an offer to
 * FINALIZED (and is refused one the provider's policy refuses), while the platform shows the same
 * agreement to the REST API.
 */
const EDC_NS = 'https://w3id.org/edc/v0.0.1/ns/';
let ds: DataspaceStack;
let edc: EdcConnector;
/** The agreement EDC negotiated, for the transfer. */
let contractId: string;

type Json = Record<string, unknown>;

async function management(path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${edc.managementUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-api-key': edc.apiKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!/json/.test(res.headers.get('content-type') ?? ''))
    return { status: res.status, body: { text: text.slice(0, 2000) } };
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

const asList = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** The catalogue as EDC read it, and the offer for a purpose, ready for a contract request. */
async function edcOffer(purpose: string): Promise<{ target: string; policy: Json }> {
  const res = await management('/v3/catalog/request', {
    '@context': { '@vocab': EDC_NS },
    '@type': 'CatalogRequest',
    counterPartyAddress: `${ds.dsp.url}/dsp/2025-1`,
    counterPartyId: 'dx-dsp',
    protocol: 'dataspace-protocol-http:2025-1',
  });
  if (res.status !== 200)
    throw new Error(
      `EDC catalog request: ${res.status} ${JSON.stringify(res.body)}\n${edc.output()}`,
    );
  // EDC answers the provider's catalogue as it came (DSP 2025-1 compact form).
  const datasets = asList((res.body.dataset ?? res.body['dcat:dataset']) as Json | Json[]);
  const dataset = datasets.find((d) => String(d['@id']).endsWith(ds.datasetId));
  if (!dataset) throw new Error(`EDC's catalogue: ${JSON.stringify(res.body).slice(0, 2000)}`);
  const policy = asList((dataset.hasPolicy ?? dataset['odrl:hasPolicy']) as Json | Json[]).find(
    (p) => JSON.stringify(p).includes(`"${purpose}"`),
  )!;
  return { target: dataset['@id'] as string, policy };
}

/** A contract request through EDC's management API: EDC's negotiation id. */
async function startNegotiation(offer: { target: string; policy: Json }): Promise<string> {
  const started = await management('/v3/contractnegotiations', {
    '@context': { '@vocab': EDC_NS },
    '@type': 'ContractRequest',
    counterPartyAddress: `${ds.dsp.url}/dsp/2025-1`,
    protocol: 'dataspace-protocol-http:2025-1',
    // The offer as the catalogue gave it, in ODRL's own context, naming its assigner and target.
    policy: {
      '@context': 'http://www.w3.org/ns/odrl.jsonld',
      ...offer.policy,
      assigner: 'dx-dsp',
      target: offer.target,
    },
  });
  if (started.status !== 200)
    throw new Error(
      `EDC contract request: ${started.status} ${JSON.stringify(started.body)}\n${edc.output().slice(-3000)}`,
    );
  return started.body['@id'] as string;
}

/** EDC's negotiation once it is in one of `states`. */
function edcState(id: string, states: string[]): Promise<Json> {
  return waitFor(
    async () => (await management(`/v3/contractnegotiations/${encodeURIComponent(id)}`)).body,
    {
      until: (n) => states.includes(String(n.state)),
      timeoutMs: 30_000,
      what: `the EDC negotiation to be ${states.join(' or ')}`,
    },
  ).catch((err: Error) => {
    const gateway = ds.dsp
      .output()
      .split('\n')
      .filter((l) => l.includes('not delivered'))
      .slice(-3)
      .join('\n');
    throw new Error(`${err.message}\n${edc.output().slice(-3000)}\n${gateway}`);
  });
}

async function negotiate(offer: { target: string; policy: Json }): Promise<Json> {
  return edcState(await startNegotiation(offer), ['FINALIZED', 'TERMINATED']);
}

beforeAll(async () => {
  ds = await startDataspaceStack({ insights: true });
  edc = await startEdcConnector({
    participantId: ds.creds.city.id,
    clientId: ds.creds.city.clientId,
    clientSecret: ds.creds.city.clientSecret,
    catalogUrl: ds.stack.apps.catalog.url,
  });
}, 180_000);

afterAll(async () => {
  await edc?.stop();
  await ds?.stop();
});

it('reads the platform’s catalogue through EDC’s management API, offers and all', async () => {
  const offer = await edcOffer('urban-planning');
  expect(offer.target).toBe(`urn:uuid:${ds.datasetId}`);
  expect(JSON.stringify(offer.policy)).toContain('urban-planning');
});

it('negotiates an offer to FINALIZED, and the platform shows the same agreement', async () => {
  const n = await negotiate(await edcOffer('urban-planning'));
  // EDC's reason, if it ends elsewhere, is in errorDetail.
  if (n.state !== 'FINALIZED')
    console.log(
      edc
        .output()
        .split('\n')
        .filter((l) => /WARN|SEVERE|ERROR|Exception|negotiation|Negotiation/.test(l))
        .slice(-40)
        .join('\n'),
    );
  expect({ state: n.state, errorDetail: n.errorDetail }).toEqual({
    state: 'FINALIZED',
    errorDetail: undefined,
  });
  contractId = String(n.contractAgreementId);
  const agreementId = String(n.contractAgreementId).replace('urn:uuid:', '');
  const token = await ds.tokenOf('city');
  const platform = (await (
    await fetch(`${ds.stack.apps.consent.url}/v1/agreements/${agreementId}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as Json;
  expect(platform).toEqual(
    expect.objectContaining({
      datasetId: ds.datasetId,
      consumerId: ds.creds.city.id,
      providerId: ds.creds.telecom.id,
      state: 'ACTIVE',
    }),
  );
  // The dashboards count it as any agreement (insights reads consent's events).
  const operator = (await (
    await fetch(`${ds.stack.apps.catalog.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'platform-operator',
        client_secret: ds.stack.operatorSecret,
      }),
    })
  ).json()) as { access_token: string };
  await waitFor(
    async () =>
      (
        (await (
          await fetch(`${ds.stack.apps.insights.url}/v1/insights/overview`, {
            headers: { authorization: `Bearer ${operator.access_token}` },
          })
        ).json()) as { agreements: { active: number } }
      ).agreements.active,
    { until: (active) => active === 1, what: 'the dashboard counting the agreement' },
  );
  // EDC holds the agreement as the platform sent it.
  const agreement = await management(
    `/v3/contractagreements/${encodeURIComponent(String(n.contractAgreementId))}`,
  );
  expect(agreement.status).toBe(200);
  expect(JSON.stringify(agreement.body)).toContain('urban-planning');
});

it('starts a pull transfer through EDC and reads the agreed records with the EDR it received', async () => {
  const started = await management('/v3/transferprocesses', {
    '@context': { '@vocab': EDC_NS },
    '@type': 'TransferRequest',
    counterPartyAddress: `${ds.dsp.url}/dsp/2025-1`,
    protocol: 'dataspace-protocol-http:2025-1',
    contractId,
    transferType: 'HttpData-PULL',
  });
  expect(started.status).toBe(200);
  const id = started.body['@id'] as string;
  const tp = await waitFor(
    async () => (await management(`/v3/transferprocesses/${encodeURIComponent(id)}`)).body,
    {
      until: (t) => ['STARTED', 'TERMINATED'].includes(String(t.state)),
      timeoutMs: 30_000,
      what: 'the EDC transfer to start',
    },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${edc.output().slice(-4000)}`);
  });
  expect(tp.state).toBe('STARTED');
  // EDC keeps the data address the platform sent (its EDR): where to pull and the token.
  const edr = await waitFor(
    async () => {
      const r = await management(`/v3/edrs/${encodeURIComponent(id)}/dataaddress`);
      if (r.status !== 200) throw new Error(`no EDR yet: ${r.status}`);
      return r.body;
    },
    { what: 'the EDR at EDC' },
  );
  const endpoint = String(edr.endpoint ?? edr[`${EDC_NS}endpoint`]);
  const authorization = String(edr.authorization ?? edr[`${EDC_NS}authorization`]);
  const res = await fetch(endpoint, { headers: { authorization } });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { items: unknown[] }).items).toEqual([
    { district: 'Almaly', hour: '2026-03-02T10:00:00Z', people: 10 },
    { district: 'Medeu', hour: '2026-03-02T10:00:00Z', people: 20 },
  ]);
  // The platform's access log has the read, through the DSP transfer, by the city.
  const log = (await (
    await fetch(`${ds.stack.apps.integration.url}/v1/access-log`, {
      headers: { authorization: `Bearer ${await ds.tokenOf('city')}` },
    })
  ).json()) as { items: Array<{ reader: string; rows: number; filters: { transfer?: unknown } }> };
  expect(log.items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        reader: ds.creds.city.id,
        rows: 2,
        filters: expect.objectContaining({ transfer: expect.anything() }),
      }),
    ]),
  );
});

it('ends in TERMINATED when the provider’s policy refuses the request', async () => {
  const offer = await edcOffer('urban-planning');
  const refused = JSON.parse(
    JSON.stringify(offer).replace('"urban-planning"', '"economic-analysis"'),
  ) as typeof offer;
  const n = await negotiate(refused);
  expect(n.state).toBe('TERMINATED');
});

it('takes the provider’s counter-offer (OFFERED at EDC), and ends both sides when EDC terminates', async () => {
  const telecom = await ds.tokenOf('telecom');
  const consent = async (path: string, body?: unknown) => {
    const res = await fetch(`${ds.stack.apps.consent.url}/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${telecom}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const pending = async () =>
    ((await consent('/agreements?role=provider&state=ACCEPTED')).body.items as Json[]).map(
      (a) => a.id as string,
    );
  const before = new Set(await pending());
  // Public-transport planning is left to a person at the provider, who answers with other terms.
  const id = await startNegotiation(await edcOffer('public-transport-planning'));
  await edcState(id, ['REQUESTED']);
  const agreementId = await waitFor(async () => (await pending()).find((a) => !before.has(a)), {
    what: 'the platform agreement the EDC request opened',
  });
  expect((await consent(`/agreements/${agreementId}/offers`, { retentionDays: 30 })).status).toBe(
    200,
  );
  // EDC takes our ContractOfferMessage and holds the counter-offer, with its policy.
  const offered = await edcState(id, ['OFFERED']);
  expect(offered.state).toBe('OFFERED');
  // EDC 0.14's management API has no way to accept an offer as a consumer (docs/dataspace.md §8);
  // it can terminate, and both sides end.
  const terminate = await management(
    `/v3/contractnegotiations/${encodeURIComponent(id)}/terminate`,
    {
      '@context': { '@vocab': EDC_NS },
      '@type': 'TerminateNegotiation',
      '@id': id,
      reason: 'the counter-offer does not suit us',
    },
  );
  expect(terminate.status).toBeLessThan(300);
  expect((await edcState(id, ['TERMINATED'])).state).toBe('TERMINATED');
  const platform = await waitFor(async () => (await consent(`/agreements/${agreementId}`)).body, {
    until: (a) => a.state === 'WITHDRAWN',
    what: 'the platform request withdrawn',
  });
  expect(String(platform.stateReason)).toContain('the counter-offer does not suit us');
});
