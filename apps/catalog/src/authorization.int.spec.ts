import {
  CatalogHarness,
  datasetBody,
  freshLegalId,
  presenceSchema,
  type RegisteredParticipant,
} from '../test/catalog-harness';

/*
 * Tenant isolation as a matrix: who (anonymous, operator, the owning participant, another
 * participant, auditor, dashboard) × every catalog endpoint × verb. The expected status of each cell
 * is in the table; a cell that changes state gets fresh resources, so cells never depend on each
 * other's order.
 */
const WHO = ['anonymous', 'operator', 'owner', 'other', 'auditor', 'dashboard'] as const;
type Who = (typeof WHO)[number];

interface Ctx {
  owner: RegisteredParticipant;
  publishedId: string;
  draftId: string;
  platformClientId: string;
}

interface Row {
  name: string;
  method: string;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  /** Fresh datasets for this cell (the request changes them). */
  fresh?: boolean;
  setup?: (c: Ctx) => Promise<void>;
  expect: [number, number, number, number, number, number];
}

let h: CatalogHarness;
let shared: Ctx;
const tokens = {} as Record<Exclude<Who, 'anonymous'>, string>;

async function newDataset(owner: RegisteredParticipant, publish: boolean): Promise<string> {
  const res = await h.call<{ id: string }>('POST', '/v1/datasets', {
    token: owner.token,
    body: datasetBody(),
  });
  if (publish)
    await h.call('POST', `/v1/datasets/${res.body.id}/publish`, { token: owner.token, body: {} });
  return res.body.id;
}

const MATRIX: Row[] = [
  //                                                                anon  op   owner other aud  dash
  {
    name: 'register participant',
    method: 'POST',
    path: () => '/v1/participants',
    body: () => ({
      name: 'X (synthetic)',
      kind: 'ngo',
      legalId: freshLegalId(),
      sector: 'civil',
      contactEmail: 'x@y.kz',
    }),
    expect: [401, 201, 403, 403, 403, 403],
  },
  {
    name: 'participant directory',
    method: 'GET',
    path: () => '/v1/participants',
    expect: [401, 200, 200, 200, 200, 200],
  },
  {
    name: 'participant profile',
    method: 'GET',
    path: (c) => `/v1/participants/${c.owner.id}`,
    expect: [401, 200, 200, 200, 200, 200],
  },
  {
    name: 'change participant',
    method: 'PATCH',
    path: (c) => `/v1/participants/${c.owner.id}`,
    body: () => ({ sector: 'telecommunications and data' }),
    expect: [401, 200, 403, 403, 403, 403],
  },
  {
    name: 'rotate participant secret',
    method: 'POST',
    path: (c) => `/v1/participants/${c.owner.id}/credentials`,
    expect: [401, 200, 200, 403, 403, 403],
  },
  {
    name: 'list standards',
    method: 'GET',
    path: () => '/v1/standards',
    expect: [401, 200, 200, 200, 200, 200],
  },
  {
    name: 'adopt standard',
    method: 'POST',
    path: (c) => `/v1/participants/${c.owner.id}/standards`,
    body: () => ({ code: 'security-baseline-v1' }),
    setup: async (c) => {
      await h.call('DELETE', `/v1/participants/${c.owner.id}/standards/security-baseline-v1`, {
        token: c.owner.token,
      });
    },
    expect: [401, 403, 201, 403, 403, 403],
  },
  {
    name: 'revoke standard',
    method: 'DELETE',
    path: (c) => `/v1/participants/${c.owner.id}/standards/anonymisation-k5`,
    setup: async (c) => {
      await h.call('POST', `/v1/participants/${c.owner.id}/standards`, {
        token: c.owner.token,
        body: { code: 'anonymisation-k5' },
      });
    },
    expect: [401, 403, 204, 403, 403, 403],
  },
  {
    name: 'create platform client',
    method: 'POST',
    path: () => '/v1/platform-clients',
    body: () => ({ name: 'Audit office', roles: ['auditor'] }),
    expect: [401, 201, 403, 403, 403, 403],
  },
  {
    name: 'rotate platform client secret',
    method: 'POST',
    path: (c) => `/v1/platform-clients/${c.platformClientId}/credentials`,
    expect: [401, 200, 403, 403, 403, 403],
  },
  {
    name: 'rotate signing key',
    method: 'POST',
    path: () => '/v1/oauth/signing-keys/rotate',
    expect: [401, 200, 403, 403, 403, 403],
  },
  {
    name: 'licences',
    method: 'GET',
    path: () => '/v1/licences',
    expect: [401, 200, 200, 200, 200, 200],
  },
  {
    name: 'create dataset',
    method: 'POST',
    path: () => '/v1/datasets',
    body: () => datasetBody(),
    expect: [401, 403, 201, 201, 403, 403],
  },
  {
    name: 'search datasets',
    method: 'GET',
    path: () => '/v1/datasets?q=presence',
    expect: [401, 200, 200, 200, 200, 200],
  },
  {
    name: 'read published dataset',
    method: 'GET',
    path: (c) => `/v1/datasets/${c.publishedId}`,
    expect: [401, 200, 200, 200, 200, 200],
  },
  {
    name: 'read draft dataset',
    method: 'GET',
    path: (c) => `/v1/datasets/${c.draftId}`,
    expect: [401, 200, 200, 404, 404, 404],
  },
  {
    name: 'change published dataset',
    method: 'PATCH',
    path: (c) => `/v1/datasets/${c.publishedId}`,
    body: () => ({ keywords: ['changed'] }),
    fresh: true,
    expect: [401, 200, 200, 403, 403, 403],
  },
  {
    name: 'change draft dataset',
    method: 'PATCH',
    path: (c) => `/v1/datasets/${c.draftId}`,
    body: () => ({ keywords: ['changed'] }),
    fresh: true,
    expect: [401, 200, 200, 404, 403, 403],
  },
  {
    name: 'publish draft',
    method: 'POST',
    path: (c) => `/v1/datasets/${c.draftId}/publish`,
    body: () => ({}),
    fresh: true,
    expect: [401, 200, 200, 404, 403, 403],
  },
  {
    name: 'deprecate dataset',
    method: 'POST',
    path: (c) => `/v1/datasets/${c.publishedId}/deprecate`,
    body: () => ({ reason: 'superseded' }),
    fresh: true,
    expect: [401, 200, 200, 403, 403, 403],
  },
  {
    name: 'withdraw dataset',
    method: 'POST',
    path: (c) => `/v1/datasets/${c.publishedId}/withdraw`,
    body: () => ({ reason: 'source closed' }),
    fresh: true,
    expect: [401, 200, 200, 403, 403, 403],
  },
  {
    name: 'add schema version',
    method: 'POST',
    path: (c) => `/v1/datasets/${c.publishedId}/schema-versions`,
    body: () => presenceSchema(),
    fresh: true,
    expect: [401, 201, 201, 403, 403, 403],
  },
  {
    name: 'list schema versions',
    method: 'GET',
    path: (c) => `/v1/datasets/${c.publishedId}/schema-versions`,
    expect: [401, 200, 200, 200, 200, 200],
  },
  {
    name: 'list draft schema versions',
    method: 'GET',
    path: (c) => `/v1/datasets/${c.draftId}/schema-versions`,
    expect: [401, 200, 200, 404, 404, 404],
  },
  {
    name: 'read schema version',
    method: 'GET',
    path: (c) => `/v1/datasets/${c.publishedId}/schema-versions/1`,
    expect: [401, 200, 200, 200, 200, 200],
  },
  {
    name: 'DCAT-AP catalogue',
    method: 'GET',
    path: () => '/v1/dcat/catalog',
    expect: [200, 200, 200, 200, 200, 200],
  },
  {
    name: 'JWKS',
    method: 'GET',
    path: () => '/.well-known/jwks.json',
    expect: [200, 200, 200, 200, 200, 200],
  },
  {
    name: 'liveness',
    method: 'GET',
    path: () => '/health/live',
    expect: [200, 200, 200, 200, 200, 200],
  },
];

beforeAll(async () => {
  h = await CatalogHarness.start({
    TOKEN_RATE_LIMIT_PER_ADDRESS: '10000',
    TOKEN_RATE_LIMIT_PER_CLIENT: '10000',
  });
  const owner = await h.registerParticipant({ name: 'Owner (synthetic)' });
  const other = await h.registerParticipant({ name: 'Other (synthetic)' });
  tokens.operator = await h.operatorToken();
  tokens.owner = owner.token;
  tokens.other = other.token;
  tokens.auditor = await h.platformClientToken('auditor');
  tokens.dashboard = await h.platformClientToken('dashboard');
  const client = await h.call<{ clientId: string }>('POST', '/v1/platform-clients', {
    token: tokens.operator,
    body: { name: 'Dashboard (matrix)', roles: ['dashboard'] },
  });
  shared = {
    owner,
    publishedId: await newDataset(owner, true),
    draftId: await newDataset(owner, false),
    platformClientId: client.body.clientId,
  };
});

afterAll(async () => {
  await h?.close();
});

describe.each(MATRIX.map((row) => [row.name, row] as const))('%s', (_name, row) => {
  it.each(WHO.map((who, i) => [who, row.expect[i]] as const))(
    `${row.method} as %s → %i`,
    async (who, expected) => {
      const ctx: Ctx = row.fresh
        ? {
            ...shared,
            publishedId: await newDataset(shared.owner, true),
            draftId: await newDataset(shared.owner, false),
          }
        : shared;
      await row.setup?.(ctx);
      const res = await h.call(row.method, row.path(ctx), {
        token: who === 'anonymous' ? undefined : tokens[who],
        body: row.body?.(ctx),
      });
      // Every refusal is problem+json; the code says why (AUTH.*, DATASET.NOT_PROVIDER, …).
      const problem =
        res.headers.get('content-type')?.includes('application/problem+json') ?? false;
      expect({ status: res.status, problem, code: res.body?.code }).toEqual(
        expect.objectContaining({ status: expected, problem: expected >= 400 }),
      );
    },
  );
});

describe('the OpenAPI document', () => {
  it('describes every endpoint of the matrix with its method', async () => {
    const doc = await h.call<{ paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/docs-json',
    );
    const placeholders: Ctx = {
      owner: { ...shared.owner, id: '{id}' },
      publishedId: '{id}',
      draftId: '{id}',
      platformClientId: '{clientId}',
    };
    const missing = MATRIX.filter((row) => row.name !== 'liveness')
      .map((row) => {
        const template = row
          .path(placeholders)
          .split('?')[0]
          .replace(/\/schema-versions\/1$/, '/schema-versions/{version}')
          .replace(/\/standards\/[a-z0-9-]+$/, '/standards/{code}');
        return `${row.method} ${template}`;
      })
      .filter((op) => {
        const [method, path] = op.split(' ');
        return !doc.body.paths[path]?.[method.toLowerCase()];
      });
    expect(missing).toEqual([]);
  });
});
