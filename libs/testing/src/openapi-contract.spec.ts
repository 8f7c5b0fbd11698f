import { OpenApiContract } from './openapi-contract';

const problem = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
};
const contract = new OpenApiContract({
  svc: {
    openapi: '3.1.0',
    paths: {
      '/v1/things/{id}': {
        get: {
          responses: {
            '200': {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
            '304': { description: 'unchanged' },
            '404': { content: problem },
          },
        },
      },
      '/v1/things/latest': {
        get: {
          responses: { '200': { content: { 'application/json': { schema: { type: 'array' } } } } },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'at'],
          properties: { id: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
          additionalProperties: false,
        },
        Problem: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string' } },
        },
      },
    },
  },
});

const json = 'application/json; charset=utf-8';

describe('the OpenAPI contract check', () => {
  it('accepts a documented answer whose body matches its schema, through a $ref', () => {
    const body = JSON.stringify({ id: 'a', at: '2026-12-06T10:00:00.000Z' });
    expect(contract.check('GET', '/v1/things/a', 200, json, body)).toBeUndefined();
    expect(contract.check('GET', '/v1/things/a', 304, null, '')).toBeUndefined();
  });

  it('names an undocumented status', () => {
    expect(contract.check('GET', '/v1/things/a', 409, json, '{}')).toBe(
      'svc: GET /v1/things/{id} does not document 409 (documents 200, 304, 404)',
    );
  });

  it('names each way a body breaks its schema', () => {
    const body = JSON.stringify({ id: 1, at: 'yesterday', extra: true });
    expect(contract.check('GET', '/v1/things/a', 200, json, body)).toBe(
      'svc: 200 of GET /v1/things/{id} does not match its schema: / must NOT have additional properties; /id must be string; /at must match format "date-time"',
    );
  });

  it('refuses an error in the wrong media type, and checks problem bodies too', () => {
    expect(contract.check('GET', '/v1/things/a', 404, json, '{"code":"X"}')).toMatch(
      /is application\/json, documented application\/problem\+json/,
    );
    expect(
      contract.check('GET', '/v1/things/a', 404, 'application/problem+json', '{"title":"x"}'),
    ).toMatch(/must have required property 'code'/);
  });

  it('checks an unversioned legacy path as its /v1 operation and prefers literal segments', () => {
    expect(contract.check('GET', '/things/a', 409, json, '{}')).toMatch(/does not document 409/);
    expect(contract.check('GET', '/v1/things/latest', 200, json, '[]')).toBeUndefined();
  });

  it('flags an operation that is not documented, but not probes or a 404 of an unknown path', () => {
    expect(contract.check('DELETE', '/v1/things/a', 204, null, '')).toBe(
      'no operation DELETE /v1/things/a in the OpenAPI documents',
    );
    expect(
      contract.check('GET', '/v1/nowhere', 404, 'application/problem+json', '{}'),
    ).toBeUndefined();
    expect(contract.check('GET', '/health/ready', 200, json, '{}')).toBeUndefined();
  });
});
