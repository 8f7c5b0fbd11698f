import {
  CatalogHarness,
  datasetBody,
  type HttpResult,
  type RegisteredParticipant,
} from '../test/catalog-harness';

/*
 * Hostile input found by the outside probe, answered with 4xx problem documents that name the
 * field, never 500: NUL characters, nesting past the documented limit (before any parsing of ours),
 * a remote $schema in a record schema.
 */
let h: CatalogHarness;
let telecom: RegisteredParticipant;

beforeAll(async () => {
  h = await CatalogHarness.start();
  telecom = await h.registerParticipant({ name: 'Telecom (synthetic)' });
});

afterAll(async () => {
  await h?.close();
});

function problem(res: HttpResult) {
  return {
    status: res.status,
    type: res.headers.get('content-type')?.split(';')[0],
    code: res.body.code,
    paths: ((res.body.errors ?? []) as Array<{ path: string }>).map((e) => e.path).sort(),
  };
}

it('answers 400 naming every text field that holds a NUL character, and stores nothing', async () => {
  const res = await h.call('POST', '/v1/participants', {
    token: await h.operatorToken(),
    body: {
      name: 'Nul\u0000 Retail (synthetic)',
      kind: 'business',
      legalId: '990140003001',
      sector: 'ret\u0000ail',
      contactEmail: 'data@nul.example',
    },
  });
  expect(problem(res)).toEqual({
    status: 400,
    type: 'application/problem+json',
    code: 'REQUEST.NUL_CHARACTER',
    paths: ['name', 'sector'],
  });
  const rows = await h.sql(`SELECT 1 FROM catalog.participants WHERE legal_id = '990140003001'`);
  expect(rows).toEqual([]);
  // In a query parameter too (it would otherwise reach PostgreSQL's full-text search).
  const search = await h.call('GET', '/v1/datasets?q=pop%00ulation', { token: telecom.token });
  expect(problem(search)).toEqual(
    expect.objectContaining({ status: 400, code: 'REQUEST.NUL_CHARACTER', paths: ['q'] }),
  );
});

it('answers 400 before parsing to a body nested past the documented limit (64)', async () => {
  const depth = 50_000;
  const res = await h.call('POST', '/v1/datasets', {
    token: telecom.token,
    headers: { 'content-type': 'application/json' },
    raw: '['.repeat(depth) + ']'.repeat(depth),
  });
  expect(problem(res)).toEqual(expect.objectContaining({ status: 400, code: 'REQUEST.TOO_DEEP' }));
  // A record schema 3,000 levels deep, inside an otherwise valid dataset (written as text: even
  // JSON.stringify overflows on it).
  const deep =
    '{"type":"object","properties":{"x":'.repeat(3000) + '{"type":"string"}' + '}}'.repeat(3000);
  const body = datasetBody();
  (
    body.recordSchema as { schema: { properties: Record<string, unknown> } }
  ).schema.properties.deep = 'DEEP';
  const schemaRes = await h.call('POST', '/v1/datasets', {
    token: telecom.token,
    headers: { 'content-type': 'application/json' },
    raw: JSON.stringify(body).replace('"DEEP"', deep),
  });
  expect(problem(schemaRes)).toEqual(
    expect.objectContaining({ status: 400, code: 'REQUEST.TOO_DEEP' }),
  );
});

it('refuses a record schema with a remote $schema with 422, like a remote $ref', async () => {
  const body = datasetBody();
  (body.recordSchema as { schema: Record<string, unknown> }).schema.$schema =
    'https://attacker.example/dialect.json';
  const res = await h.call('POST', '/v1/datasets', { token: telecom.token, body });
  expect(problem(res)).toEqual({
    status: 422,
    type: 'application/problem+json',
    code: 'SCHEMA.EXTERNAL_REFERENCE',
    paths: ['schema/$schema'],
  });
});
