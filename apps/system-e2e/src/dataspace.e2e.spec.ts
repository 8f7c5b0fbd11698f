import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { policyToTerms } from '@dx/dataspace';
import { dspEndpointUrlConflict, freePort, runDspTck, validateDcatAp, waitFor } from '@dx/testing';
import { DSP_CONTEXT, startDataspaceStack, type DataspaceStack } from '../test/dataspace-stack';

/*
 * The Dataspace Protocol across processes (docs/dataspace.md): the DSP gateway asks the catalog and
 * consent with the connector's own token. The catalogue answers a CatalogRequestMessage with the
 * DCAT-AP datasets and the ODRL offers this participant gets, valid against the SEMIC DCAT-AP 3.0.1
 * shapes; a contract request becomes the platform agreement the provider's policy decides, and
 * the agreement (or the refusal) reaches the consumer's callback as DSP messages, signed for it;
 * malformed and unauthenticated requests get DSP error bodies. The consumer's connector here is a
 * plain HTTP endpoint of the test that records what it is sent (the EDC connector is the subject
 * of dataspace-edc.e2e.spec.ts).
 */
let ds: DataspaceStack;
let stack: DataspaceStack['stack'];
let dsp: DataspaceStack['dsp'];
let datasetId: string;
let creds: DataspaceStack['creds'];
let tokenOf: DataspaceStack['tokenOf'];
let dspCall: DataspaceStack['dspCall'];
/** The agreement the first negotiation made, for the transfer tests. */
let finalized: { agreementId: string };

/** What the consumer's connector was sent: path, Authorization header, body. */
interface Received {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}
let peer: { url: string; received: Received[]; close: () => Promise<void> };

/** A consumer connector's DSP callback: it records every message and answers 200. */
async function startPeer(): Promise<typeof peer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: data ? (JSON.parse(data) as Record<string, unknown>) : {},
      });
      res.writeHead(200).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/protocol/2025-1`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const catalogRequest = { '@context': [DSP_CONTEXT], '@type': 'CatalogRequestMessage' };
type DspDataset = {
  '@id': string;
  hasPolicy: Array<Record<string, unknown>>;
  'dcat:landingPage'?: { '@id': string };
};

beforeAll(async () => {
  ds = await startDataspaceStack();
  ({ stack, dsp, datasetId, creds, tokenOf, dspCall } = ds);
  peer = await startPeer();
});

afterAll(async () => {
  await peer?.close();
  await ds?.stop();
});

it('says where DSP 2025-1 is served, without a token', async () => {
  const res = await dspCall('/.well-known/dspace-version');
  expect(res.status).toBe(200);
  expect(res.body.protocolVersions).toEqual([
    expect.objectContaining({ version: '2025-1', path: '/dsp/2025-1', binding: 'HTTPS' }),
  ]);
});

it('resolves the ODRL profile namespace to its description, without a token', async () => {
  const res = await fetch(`${dsp.url}/dsp/odrl-profile/v1`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/ld+json');
  const doc = (await res.json()) as { '@graph': Array<{ '@id': string }> };
  expect(doc['@graph'].map((t) => t['@id'])).toEqual(
    expect.arrayContaining(['dx:field', 'dx:deliver', 'dx:noticePeriod']),
  );
});

it('answers a catalogue request with the DCAT-AP dataset and one ODRL offer per purpose the policy allows', async () => {
  const city = await tokenOf('city');
  const res = await dspCall('/dsp/2025-1/catalog/request', {
    token: city,
    raw: true,
    body: catalogRequest,
  });
  expect(res.status).toBe(200);
  expect(res.body).toEqual(
    expect.objectContaining({ '@type': 'Catalog', participantId: 'dx-dsp' }),
  );
  const datasets = res.body.dataset as DspDataset[];
  const mine = datasets.find((d) => d['@id'].endsWith(datasetId))!;
  // A URN, which a DSP path carries as it is; the catalog's page of it is the landing page.
  expect(mine['@id']).toBe(`urn:uuid:${datasetId}`);
  expect(mine['dcat:landingPage']).toEqual(
    expect.objectContaining({ '@id': `${stack.apps.catalog.url}/v1/datasets/${datasetId}` }),
  );
  // Nine purposes in the controlled list, economic analysis refused by the provider's rule.
  expect(mine.hasPolicy).toHaveLength(8);
  const consent = (await (
    await fetch(`${stack.apps.consent.url}/v1/datasets/${datasetId}/offers`, {
      headers: { authorization: `Bearer ${city}` },
    })
  ).json()) as { offers: Array<{ purpose: string; terms: Record<string, unknown> }> };
  const profile = `${dsp.url}/dsp/odrl-profile/v1#`;
  const read = mine.hasPolicy.map((p) => policyToTerms(p, profile));
  expect(read).toEqual(consent.offers.map((o) => ({ ok: true, terms: o.terms })));
  expect(mine.hasPolicy.every((p) => p.assigner === 'dx-dsp')).toBe(true);
});

it('validates against the SEMIC DCAT-AP 3.0.1 shapes, Kazakh and Russian literals included, but for the endpointURL DSP writes as a string', async () => {
  const res = await dspCall('/dsp/2025-1/catalog/request', {
    token: await tokenOf('city'),
    body: catalogRequest,
  });
  const mine = (res.body.dataset as Array<Record<string, unknown>>).find((d) =>
    String(d['@id']).endsWith(datasetId),
  )!;
  expect(mine['dct:title']).toEqual([
    { '@value': 'Population presence by district, hourly (synthetic)', '@language': 'en' },
    { '@value': 'Аудандар бойынша халықтың болуы, сағат сайын (синтетикалық)', '@language': 'kk' },
    { '@value': 'Присутствие населения по районам, почасово (синтетические)', '@language': 'ru' },
  ]);
  const report = await validateDcatAp(res.body);
  expect(report.triples).toBeGreaterThan(200);
  expect(
    report.violations.map(({ focusNode, path, constraint }) => ({ focusNode, path, constraint })),
  ).toEqual(dspEndpointUrlConflict(`${dsp.url}/dsp/2025-1#data-service`));
});

it('serves one dataset by its IRI, and offers the provider nothing of its own', async () => {
  const one = await dspCall(`/dsp/2025-1/catalog/datasets/urn:uuid:${datasetId}`, {
    token: await tokenOf('city'),
  });
  expect(one.status).toBe(200);
  expect((one.body.hasPolicy as unknown[]).length).toBe(8);
  const own = await dspCall('/dsp/2025-1/catalog/request', {
    token: await tokenOf('telecom'),
    body: catalogRequest,
  });
  expect((own.body.dataset as DspDataset[]).some((d) => d['@id'].endsWith(datasetId))).toBe(false);
  const notOffered = await dspCall(`/dsp/2025-1/catalog/datasets/${datasetId}`, {
    token: await tokenOf('telecom'),
  });
  expect(notOffered.status).toBe(404);
  expect(notOffered.body).toEqual(
    expect.objectContaining({ '@type': 'CatalogError', code: 'DSP.DATASET_NOT_OFFERED' }),
  );
  // A dataset the platform does not have is, to a connector, one not offered.
  const unknown = await dspCall(`/dsp/2025-1/catalog/datasets/urn:uuid:${randomUUID()}`, {
    token: await tokenOf('city'),
  });
  expect(unknown.status).toBe(404);
  expect(unknown.body.code).toBe('DSP.DATASET_NOT_OFFERED');
});

it('passes the Dataspace TCK’s metadata and catalogue tests (MET:01-01, CAT:01-01 to 01-03)', async () => {
  const run = await runDspTck({
    protocolUrl: `${dsp.url}/dsp/2025-1`,
    baseUrl: dsp.url,
    participantId: 'dx-dsp',
    authorization: `Bearer ${await tokenOf('city')}`,
    settings: {
      CAT_01_01_DATASETID: `urn:uuid:${datasetId}`,
      CAT_01_02_DATASETID: `urn:uuid:${datasetId}`,
      CAT_01_03_DATASETID: `urn:uuid:${randomUUID()}`,
    },
    packages: [
      'org.eclipse.dataspacetck.dsp.verification.metadata',
      'org.eclipse.dataspacetck.dsp.verification.catalog',
    ],
  });
  if (run.code !== 0) throw new Error(`the TCK failed (exit ${run.code}):\n${run.output}`);
  expect(run).toEqual(expect.objectContaining({ found: 4, succeeded: 4, failed: 0 }));
  for (const id of ['MET:01-01', 'CAT:01-01', 'CAT:01-02', 'CAT:01-03'])
    expect(run.output).toContain(`SUCCESSFUL: ${id}`);
});

it('answers malformed and unauthenticated requests with DSP error bodies naming the problem', async () => {
  const wrong = await dspCall('/dsp/2025-1/catalog/request', {
    token: await tokenOf('city'),
    body: { '@context': ['https://w3id.org/dspace/v0.8/context.json'], '@type': 'Catalog' },
  });
  expect(wrong.status).toBe(400);
  expect(wrong.body).toEqual({
    '@context': [DSP_CONTEXT],
    '@type': 'CatalogError',
    code: 'DSP.INVALID_MESSAGE',
    reason: [
      'not a CatalogRequestMessage',
      `@context: must include ${DSP_CONTEXT} (DSP 2025-1)`,
      '@type: must be CatalogRequestMessage, not Catalog',
    ],
  });
  const anonymous = await dspCall('/dsp/2025-1/catalog/request', { body: catalogRequest });
  expect(anonymous.status).toBe(401);
  expect(anonymous.body).toEqual(expect.objectContaining({ '@type': 'CatalogError' }));
  const forged = await dspCall('/dsp/2025-1/catalog/request', {
    token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln',
    raw: true,
    body: catalogRequest,
  });
  expect(forged.status).toBe(401);
});

/** The message the consumer's callback received at `path`, once it has. */
const receivedAt = (path: string, what: string): Promise<Received> =>
  waitFor(
    () => {
      const m = peer.received.find((r) => r.path === path);
      if (!m) throw new Error(`nothing at ${path} yet`);
      return m;
    },
    { what },
  );

/** The catalogue's offer for a purpose, as a connector would send it back: with its target. */
async function offerFor(purpose: string): Promise<Record<string, unknown>> {
  const res = await dspCall('/dsp/2025-1/catalog/request', {
    token: await tokenOf('city'),
    body: catalogRequest,
  });
  const mine = (res.body.dataset as DspDataset[]).find((d) => d['@id'].endsWith(datasetId))!;
  const offer = mine.hasPolicy.find((p) =>
    JSON.stringify(p.permission).includes(`"rightOperand":"${purpose}"`),
  )!;
  return { ...offer, target: mine['@id'] };
}

/** The accepted purpose's offer with a purpose the provider's rule refuses, as a peer may send it. */
const refusedOffer = async (): Promise<Record<string, unknown>> =>
  JSON.parse(
    JSON.stringify(await offerFor('urban-planning')).replace(
      '"rightOperand":"urban-planning"',
      '"rightOperand":"economic-analysis"',
    ),
  ) as Record<string, unknown>;

const contractRequest = (consumerPid: string, offer: Record<string, unknown>) => ({
  '@context': [DSP_CONTEXT],
  '@type': 'ContractRequestMessage',
  consumerPid,
  callbackAddress: peer.url,
  offer,
});

describe('contract negotiation', () => {
  it('turns a request the policy accepts into the platform agreement and sends the agreement, signed for the consumer', async () => {
    const consumerPid = `urn:uuid:${randomUUID()}`;
    const offer = await offerFor('urban-planning');
    const res = await dspCall('/dsp/2025-1/negotiations/request', {
      token: await tokenOf('city'),
      raw: true,
      body: contractRequest(consumerPid, offer),
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({ '@type': 'ContractNegotiation', consumerPid, state: 'AGREED' }),
    );
    const providerPid = res.body.providerPid as string;
    const sent = await receivedAt(
      `/protocol/2025-1/negotiations/${encodeURIComponent(consumerPid)}/agreement`,
      'the ContractAgreementMessage at the consumer',
    );
    const agreement = sent.body.agreement as Record<string, unknown>;
    expect(sent.body).toEqual(
      expect.objectContaining({ '@type': 'ContractAgreementMessage', providerPid, consumerPid }),
    );
    expect(agreement).toEqual(
      expect.objectContaining({
        '@type': 'Agreement',
        assigner: 'dx-dsp',
        assignee: creds.city.id,
        target: offer.target,
        permission: offer.permission,
        obligation: offer.obligation,
      }),
    );
    // The token is the platform's, for this connector only, and says it is the gateway.
    const { payload } = await jwtVerify(
      sent.authorization!,
      createRemoteJWKSet(new URL(`${stack.apps.catalog.url}/.well-known/jwks.json`)),
      { issuer: stack.apps.catalog.url, audience: peer.url },
    );
    expect(payload).toEqual(expect.objectContaining({ sub: 'dx-dsp', roles: [] }));
    // The same agreement on the platform, with the terms of the offer.
    const agreementId = (agreement['@id'] as string).replace('urn:uuid:', '');
    const platform = (await (
      await fetch(`${stack.apps.consent.url}/v1/agreements/${agreementId}`, {
        headers: { authorization: `Bearer ${await tokenOf('city')}` },
      })
    ).json()) as { state: string; datasetId: string; consumerId: string };
    expect(platform).toEqual(
      expect.objectContaining({ datasetId, consumerId: creds.city.id, state: 'ACTIVE' }),
    );
    // Verification finalizes, and the consumer is told.
    const verified = await dspCall(
      `/dsp/2025-1/negotiations/${providerPid}/agreement/verification`,
      {
        token: await tokenOf('city'),
        body: {
          '@context': [DSP_CONTEXT],
          '@type': 'ContractAgreementVerificationMessage',
          providerPid,
          consumerPid,
        },
      },
    );
    expect(verified.body.state).toBe('FINALIZED');
    const event = await receivedAt(
      `/protocol/2025-1/negotiations/${encodeURIComponent(consumerPid)}/events`,
      'the FINALIZED event at the consumer',
    );
    expect(event.body.eventType).toBe('FINALIZED');
    finalized = { agreementId: agreement['@id'] as string };
    // A finished negotiation cannot be terminated (TCK CN:03-01).
    const late = await dspCall(`/dsp/2025-1/negotiations/${providerPid}/termination`, {
      token: await tokenOf('city'),
      body: {
        '@context': [DSP_CONTEXT],
        '@type': 'ContractNegotiationTerminationMessage',
        providerPid,
        consumerPid,
        code: 'changed-our-mind',
      },
    });
    expect(late.status).toBe(409);
    expect(late.body).toEqual(
      expect.objectContaining({ '@type': 'ContractNegotiationError', code: 'DSP.INVALID_STATE' }),
    );
    // A retried request is the same negotiation.
    const again = await dspCall('/dsp/2025-1/negotiations/request', {
      token: await tokenOf('city'),
      body: contractRequest(consumerPid, offer),
    });
    expect(again.body.providerPid).toBe(providerPid);
  });

  it('waits for the provider when its policy leaves the request to a person, then sends the agreement', async () => {
    const consumerPid = `urn:uuid:${randomUUID()}`;
    const res = await dspCall('/dsp/2025-1/negotiations/request', {
      token: await tokenOf('city'),
      body: contractRequest(consumerPid, await offerFor('public-transport-planning')),
    });
    expect(res.status).toBe(201);
    expect(res.body.state).toBe('REQUESTED');
    // The provider's staff accept it on the platform (REST), as any request.
    const telecom = await tokenOf('telecom');
    const pending = (await (
      await fetch(`${stack.apps.consent.url}/v1/agreements?role=provider&state=ACCEPTED`, {
        headers: { authorization: `Bearer ${telecom}` },
      })
    ).json()) as { items: Array<{ id: string; latestTermVersion: number }> };
    expect(pending.items).toHaveLength(1);
    const accepted = await fetch(
      `${stack.apps.consent.url}/v1/agreements/${pending.items[0].id}/accept`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${telecom}`, 'content-type': 'application/json' },
        body: JSON.stringify({ termVersion: pending.items[0].latestTermVersion }),
      },
    );
    expect(accepted.status).toBe(200);
    // consent.agreement.v1 carries the decision to the gateway, which owes the consumer the agreement.
    const sent = await receivedAt(
      `/protocol/2025-1/negotiations/${encodeURIComponent(consumerPid)}/agreement`,
      'the agreement after the provider accepted',
    );
    expect((sent.body.agreement as { '@id': string })['@id']).toBe(
      `urn:uuid:${pending.items[0].id}`,
    );
    const now = await dspCall(`/dsp/2025-1/negotiations/${res.body.providerPid as string}`, {
      token: await tokenOf('city'),
    });
    expect(now.body.state).toBe('AGREED');
  });

  it('refuses what the provider’s policy refuses, and tells the consumer why', async () => {
    const consumerPid = `urn:uuid:${randomUUID()}`;
    const offer = await refusedOffer();
    const res = await dspCall('/dsp/2025-1/negotiations/request', {
      token: await tokenOf('city'),
      body: contractRequest(consumerPid, offer),
    });
    expect(res.status).toBe(201);
    expect(res.body.state).toBe('TERMINATED');
    const sent = await receivedAt(
      `/protocol/2025-1/negotiations/${encodeURIComponent(consumerPid)}/termination`,
      'the termination at the consumer',
    );
    expect(sent.body).toEqual(
      expect.objectContaining({
        '@type': 'ContractNegotiationTerminationMessage',
        code: 'AGREEMENT.REJECTED',
        reason: [expect.stringContaining('no-commerce')],
      }),
    );
  });

  it('refuses an offer outside the ODRL profile with a DSP error naming the term', async () => {
    const offer = await offerFor('urban-planning');
    const permission = offer.permission as Array<{ constraint: unknown[] }>;
    permission[0].constraint.push({ leftOperand: 'spatial', operator: 'eq', rightOperand: 'EU' });
    const res = await dspCall('/dsp/2025-1/negotiations/request', {
      token: await tokenOf('city'),
      body: contractRequest(`urn:uuid:${randomUUID()}`, offer),
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      expect.objectContaining({
        '@type': 'ContractNegotiationError',
        code: 'DSP.OFFER_NOT_ACCEPTABLE',
        reason: expect.arrayContaining([
          expect.stringMatching(
            /^offer\.permission\[0\]\.constraint\[6\]\.leftOperand: 'odrl:spatial'/,
          ),
        ]),
      }),
    );
  });

  it('shows a negotiation to its consumer only, and refuses a verification out of turn', async () => {
    const consumerPid = `urn:uuid:${randomUUID()}`;
    const refused = await refusedOffer();
    const res = await dspCall('/dsp/2025-1/negotiations/request', {
      token: await tokenOf('city'),
      body: contractRequest(consumerPid, refused),
    });
    const providerPid = res.body.providerPid as string;
    const stranger = await dspCall(`/dsp/2025-1/negotiations/${providerPid}`, {
      token: await tokenOf('telecom'),
    });
    expect(stranger.status).toBe(404);
    const own = await dspCall(`/dsp/2025-1/negotiations/${providerPid}`, {
      token: await tokenOf('city'),
    });
    expect(own.body.state).toBe('TERMINATED');
    const outOfTurn = await dspCall(
      `/dsp/2025-1/negotiations/${providerPid}/agreement/verification`,
      {
        token: await tokenOf('city'),
        body: {
          '@context': [DSP_CONTEXT],
          '@type': 'ContractAgreementVerificationMessage',
          providerPid,
          consumerPid,
        },
      },
    );
    expect(outOfTurn.status).toBe(409);
    expect(outOfTurn.body).toEqual(
      expect.objectContaining({ '@type': 'ContractNegotiationError', code: 'DSP.INVALID_STATE' }),
    );
  });
});

describe('counter-offers', () => {
  /** The provider's staff, on the platform's REST API. */
  async function asProvider(path: string, body?: unknown) {
    const res = await fetch(`${stack.apps.consent.url}/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${await tokenOf('telecom')}`,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  type Version = { version: number; proposedBy: string; acceptedBy: Record<string, string> };
  type PlatformView = {
    state: string;
    latestTermVersion: number;
    currentTermVersion: number | null;
    termVersions: Array<Version & { terms: { retentionDays: number } }>;
  };

  /** Requests waiting for the provider's person (the consumer accepted its own terms). */
  const pendingIds = async () =>
    (
      (await asProvider('/agreements?role=provider&state=ACCEPTED')).body.items as Array<{
        id: string;
      }>
    ).map((a) => a.id);

  /**
   * A request the provider's policy leaves to a person, answered by the provider's counter-offer
   * (a shorter retention) on the platform; the offer the consumer's connector was sent.
   */
  async function counterOffered(retentionDays: number) {
    const before = new Set(await pendingIds());
    const consumerPid = `urn:uuid:${randomUUID()}`;
    const requested = await offerFor('public-transport-planning');
    const res = await dspCall('/dsp/2025-1/negotiations/request', {
      token: await tokenOf('city'),
      body: contractRequest(consumerPid, requested),
    });
    expect(res.body.state).toBe('REQUESTED');
    const providerPid = res.body.providerPid as string;
    const agreementId = (await pendingIds()).find((id) => !before.has(id))!;
    const offered = await asProvider(`/agreements/${agreementId}/offers`, { retentionDays });
    expect(offered.status).toBe(200);
    const sent = await receivedAt(
      `/protocol/2025-1/negotiations/${encodeURIComponent(consumerPid)}/offers`,
      'the ContractOfferMessage at the consumer',
    );
    return { consumerPid, providerPid, agreementId, sent, requested };
  }

  const verification = (providerPid: string, consumerPid: string) => ({
    '@context': [DSP_CONTEXT],
    '@type': 'ContractAgreementVerificationMessage',
    providerPid,
    consumerPid,
  });

  const acceptedEvent = (providerPid: string, consumerPid: string) => ({
    '@context': [DSP_CONTEXT],
    '@type': 'ContractNegotiationEventMessage',
    providerPid,
    consumerPid,
    eventType: 'ACCEPTED',
  });

  const termsOf = (policy: unknown) => {
    const read = policyToTerms(policy, `${dsp.url}/dsp/odrl-profile/v1#`);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    return read.terms;
  };

  it('sends the provider’s counter-offer, and agrees on it once the consumer accepts', async () => {
    const { consumerPid, providerPid, agreementId, sent, requested } = await counterOffered(30);
    expect(sent.body).toEqual(
      expect.objectContaining({
        '@type': 'ContractOfferMessage',
        providerPid,
        consumerPid,
        callbackAddress: `${dsp.url}/dsp/2025-1`,
      }),
    );
    const offer = sent.body.offer as Record<string, unknown>;
    expect(offer).toEqual(
      expect.objectContaining({
        '@type': 'Offer',
        assigner: 'dx-dsp',
        target: `urn:uuid:${datasetId}`,
      }),
    );
    // The offer says what changed and keeps the rest of the request.
    expect(termsOf(requested).retentionDays).not.toBe(30);
    expect(termsOf(offer)).toEqual({ ...termsOf(requested), retentionDays: 30 });
    const negotiation = await dspCall(`/dsp/2025-1/negotiations/${providerPid}`, {
      token: await tokenOf('city'),
    });
    expect(negotiation.body.state).toBe('OFFERED');
    // Verifying an offer is out of turn (TCK CN:03-02).
    const early = await dspCall(`/dsp/2025-1/negotiations/${providerPid}/agreement/verification`, {
      token: await tokenOf('city'),
      body: verification(providerPid, consumerPid),
    });
    expect(early.status).toBe(409);
    // The provider stands by its offer on the platform; the consumer's acceptance then agrees it.
    expect(
      (await asProvider(`/agreements/${agreementId}/accept`, { termVersion: 2 })).body.state,
    ).toBe('ACCEPTED');
    const accepted = await dspCall(`/dsp/2025-1/negotiations/${providerPid}/events`, {
      token: await tokenOf('city'),
      body: acceptedEvent(providerPid, consumerPid),
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('AGREED');
    const agreement = await receivedAt(
      `/protocol/2025-1/negotiations/${encodeURIComponent(consumerPid)}/agreement`,
      'the agreement on the counter-offer',
    );
    expect(termsOf(agreement.body.agreement)).toEqual(termsOf(offer));
    // …and verified, it is final (TCK CN:01-03).
    const verified = await dspCall(
      `/dsp/2025-1/negotiations/${providerPid}/agreement/verification`,
      { token: await tokenOf('city'), body: verification(providerPid, consumerPid) },
    );
    expect(verified.body.state).toBe('FINALIZED');
    const platform = (await asProvider(`/agreements/${agreementId}`)).body as PlatformView;
    expect(platform).toEqual(
      expect.objectContaining({ state: 'ACTIVE', currentTermVersion: 2, latestTermVersion: 2 }),
    );
    expect(platform.termVersions[1]).toEqual(
      expect.objectContaining({
        proposedBy: 'provider',
        acceptedBy: {
          provider: expect.any(String) as string,
          consumer: expect.any(String) as string,
        },
      }),
    );
  });

  it('ends a request its consumer terminates, and withdraws it on the platform', async () => {
    const before = new Set(await pendingIds());
    const consumerPid = `urn:uuid:${randomUUID()}`;
    const res = await dspCall('/dsp/2025-1/negotiations/request', {
      token: await tokenOf('city'),
      body: contractRequest(consumerPid, await offerFor('public-transport-planning')),
    });
    expect(res.body.state).toBe('REQUESTED');
    const providerPid = res.body.providerPid as string;
    const agreementId = (await pendingIds()).find((id) => !before.has(id))!;
    const ended = await dspCall(`/dsp/2025-1/negotiations/${providerPid}/termination`, {
      token: await tokenOf('city'),
      body: {
        '@context': [DSP_CONTEXT],
        '@type': 'ContractNegotiationTerminationMessage',
        providerPid,
        consumerPid,
        code: 'no-longer-needed',
        reason: ['the study was cancelled'],
      },
    });
    expect(ended.status).toBe(200);
    expect(ended.body.state).toBe('TERMINATED');
    const platform = (await asProvider(`/agreements/${agreementId}`)).body;
    expect(platform.state).toBe('WITHDRAWN');
    expect(String(platform.stateReason)).toContain('the study was cancelled');
  });

  it('takes the consumer’s counter-request as its counter-offer on the platform, and refuses an acceptance out of turn', async () => {
    const { consumerPid, providerPid, agreementId, sent } = await counterOffered(45);
    const theirs = JSON.parse(
      JSON.stringify(sent.body.offer).replace('"rightOperand":"P45D"', '"rightOperand":"P60D"'),
    ) as Record<string, unknown>;
    expect(termsOf(theirs).retentionDays).toBe(60);
    const counter = await dspCall(`/dsp/2025-1/negotiations/${providerPid}/request`, {
      token: await tokenOf('city'),
      body: { ...contractRequest(consumerPid, theirs), providerPid },
    });
    expect(counter.status).toBe(200);
    expect(counter.body.state).toBe('REQUESTED');
    const platform = (await asProvider(`/agreements/${agreementId}`)).body as PlatformView;
    expect(platform.state).toBe('ACCEPTED');
    expect(platform.latestTermVersion).toBe(3);
    expect(platform.termVersions[2]).toEqual(
      expect.objectContaining({
        proposedBy: 'consumer',
        acceptedBy: { consumer: expect.any(String) as string },
        terms: expect.objectContaining({ retentionDays: 60 }) as unknown,
      }),
    );
    // Accepting is an answer to an offer; nothing is offered now.
    const outOfTurn = await dspCall(`/dsp/2025-1/negotiations/${providerPid}/events`, {
      token: await tokenOf('city'),
      body: acceptedEvent(providerPid, consumerPid),
    });
    expect(outOfTurn.status).toBe(409);
    expect(outOfTurn.body).toEqual(
      expect.objectContaining({ '@type': 'ContractNegotiationError', code: 'DSP.INVALID_STATE' }),
    );
    // The provider accepts the consumer's terms: the agreement has them.
    expect(
      (await asProvider(`/agreements/${agreementId}/accept`, { termVersion: 3 })).body.state,
    ).toBe('ACTIVE');
    const agreement = await receivedAt(
      `/protocol/2025-1/negotiations/${encodeURIComponent(consumerPid)}/agreement`,
      'the agreement on the consumer’s terms',
    );
    expect(termsOf(agreement.body.agreement).retentionDays).toBe(60);
  });
});

describe('transfer process (HTTP pull)', () => {
  /** A pull under the agreement the first negotiation made, to the recording peer. */
  const pullRequest = (consumerPid: string) => ({
    '@context': [DSP_CONTEXT],
    '@type': 'TransferRequestMessage',
    consumerPid,
    agreementId: finalized.agreementId,
    format: 'HttpData-PULL',
    callbackAddress: peer.url,
  });

  const transferMessage = (type: string, providerPid: string, consumerPid: string) => ({
    '@context': [DSP_CONTEXT],
    '@type': type,
    providerPid,
    consumerPid,
  });

  it('starts a pull: the consumer is sent where to read and a token that reads the agreed fields only', async () => {
    const consumerPid = `urn:uuid:${randomUUID()}`;
    const res = await dspCall('/dsp/2025-1/transfers/request', {
      token: await tokenOf('city'),
      raw: true,
      body: pullRequest(consumerPid),
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({ '@type': 'TransferProcess', consumerPid, state: 'STARTED' }),
    );
    const providerPid = res.body.providerPid as string;
    const start = await receivedAt(
      `/protocol/2025-1/transfers/${encodeURIComponent(consumerPid)}/start`,
      'the TransferStartMessage at the consumer',
    );
    const address = start.body.dataAddress as {
      endpoint: string;
      endpointProperties: Array<{ name: string; value: string }>;
    };
    const grant = address.endpointProperties.find((p) => p.name === 'authorization')!.value;
    const pull = () =>
      fetch(address.endpoint, { headers: { authorization: grant } }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { items?: unknown[] },
      }));
    const read = await pull();
    expect(read.status).toBe(200);
    // The standard terms offer `people`; the primary key comes with it; nothing else.
    expect(read.body.items).toEqual([
      { district: 'Almaly', hour: '2026-03-02T10:00:00Z', people: 10 },
      { district: 'Medeu', hour: '2026-03-02T10:00:00Z', people: 20 },
    ]);
    // The read is in the platform's access log, naming the DSP process.
    const log = (await (
      await fetch(`${stack.apps.integration.url}/v1/access-log`, {
        headers: { authorization: `Bearer ${await tokenOf('city')}` },
      })
    ).json()) as { items: Array<{ filters: { transfer?: { reference: string } } }> };
    expect(log.items.some((e) => e.filters.transfer?.reference === providerPid)).toBe(true);
    // Suspended, the token reads nothing; restarted, it reads again; completed, never again.
    const city = await tokenOf('city');
    const suspend = await dspCall(`/dsp/2025-1/transfers/${providerPid}/suspension`, {
      token: city,
      body: transferMessage('TransferSuspensionMessage', providerPid, consumerPid),
    });
    expect(suspend.body.state).toBe('SUSPENDED');
    expect((await pull()).status).toBe(403);
    const restart = await dspCall(`/dsp/2025-1/transfers/${providerPid}/start`, {
      token: city,
      body: transferMessage('TransferStartMessage', providerPid, consumerPid),
    });
    expect(restart.body.state).toBe('STARTED');
    expect((await pull()).status).toBe(200);
    const done = await dspCall(`/dsp/2025-1/transfers/${providerPid}/completion`, {
      token: city,
      body: transferMessage('TransferCompletionMessage', providerPid, consumerPid),
    });
    expect(done.body.state).toBe('COMPLETED');
    expect((await pull()).status).toBe(403);
    const late = await dspCall(`/dsp/2025-1/transfers/${providerPid}/start`, {
      token: city,
      body: transferMessage('TransferStartMessage', providerPid, consumerPid),
    });
    expect(late.status).toBe(409);
    expect(late.body).toEqual(
      expect.objectContaining({ '@type': 'TransferError', code: 'DSP.INVALID_STATE' }),
    );
  });

  it('refuses a transfer under an agreement that is not the caller’s, with a TransferError', async () => {
    const res = await dspCall('/dsp/2025-1/transfers/request', {
      token: await tokenOf('telecom'),
      body: pullRequest(`urn:uuid:${randomUUID()}`),
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(
      expect.objectContaining({ '@type': 'TransferError', code: 'ACCESS.DENIED' }),
    );
  });
  it('suspends the transfer when the provider suspends the agreement, and restarts it when the provider resumes', async () => {
    const consumerPid = `urn:uuid:${randomUUID()}`;
    const city = await tokenOf('city');
    const res = await dspCall('/dsp/2025-1/transfers/request', {
      token: city,
      body: pullRequest(consumerPid),
    });
    expect(res.body.state).toBe('STARTED');
    const providerPid = res.body.providerPid as string;
    const at = (path: string) =>
      `/protocol/2025-1/transfers/${encodeURIComponent(consumerPid)}/${path}`;
    const agreementId = finalized.agreementId.replace('urn:uuid:', '');
    const asTelecom = async (command: string, reason: string) =>
      (
        await fetch(`${stack.apps.consent.url}/v1/agreements/${agreementId}/${command}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await tokenOf('telecom')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ reason }),
        })
      ).status;
    expect(await asTelecom('suspend', 'quarterly audit of the recipients')).toBe(200);
    const suspension = await receivedAt(at('suspension'), 'the TransferSuspensionMessage');
    expect(suspension.body).toEqual(
      expect.objectContaining({
        '@type': 'TransferSuspensionMessage',
        providerPid,
        consumerPid,
        code: 'AGREEMENT.SUSPENDED',
        reason: [expect.stringContaining('quarterly audit of the recipients')],
      }),
    );
    const now = await dspCall(`/dsp/2025-1/transfers/${providerPid}`, { token: city });
    expect(now.body.state).toBe('SUSPENDED');
    // The consumer cannot lift the provider's suspension.
    const restart = await dspCall(`/dsp/2025-1/transfers/${providerPid}/start`, {
      token: city,
      body: transferMessage('TransferStartMessage', providerPid, consumerPid),
    });
    expect(restart.status).toBe(409);
    expect(await asTelecom('resume', 'audit passed')).toBe(200);
    // The second start message at the callback: the provider restarted the transfer.
    await waitFor(
      () => {
        const starts = peer.received.filter((r) => r.path === at('start'));
        if (starts.length < 2) throw new Error(`${starts.length} start message(s) so far`);
        return starts;
      },
      { what: 'the TransferStartMessage after the agreement resumed' },
    );
    const again = await dspCall(`/dsp/2025-1/transfers/${providerPid}`, { token: city });
    expect(again.body.state).toBe('STARTED');
  });
});
