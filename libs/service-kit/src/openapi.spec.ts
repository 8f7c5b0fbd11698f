import type { OpenAPIObject } from '@nestjs/swagger';
import { completeOpenApi, defineResponse, responseSchemaRef } from './openapi';

/** A document as @nestjs/swagger writes it, with the operations the completion rules tell apart. */
function sample(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/v1/things': {
        get: { responses: { '200': { description: 'ok' } } },
        post: {
          'x-location': true,
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false }],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '201': { description: 'created' }, '409': { description: 'THING.TAKEN' } },
        },
      },
      '/v1/things/{id}': {
        patch: {
          parameters: [
            { name: 'id', in: 'path', required: true },
            { name: 'If-Match', in: 'header', required: false },
          ],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '200': { description: 'ok' } },
        },
      },
      '/oauth/token': {
        post: {
          'x-public': true,
          'x-oauth-errors': true,
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '200': { description: 'token' }, '401': { description: 'bad client' } },
        },
      },
    } as OpenAPIObject['paths'],
    components: {
      schemas: {
        Thing: {
          type: 'object',
          properties: {
            note: { type: 'string', nullable: true },
            tier: { type: 'string', enum: ['a', 'b'], nullable: true },
            owner: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true },
          },
        },
      },
    },
  };
}

type Responses = Record<string, { description: string; content?: object; headers?: object }>;
const responsesOf = (doc: OpenAPIObject, path: string, method: string): Responses =>
  (doc.paths[path] as Record<string, { responses: Responses }>)[method].responses;

describe('completeOpenApi', () => {
  const doc = completeOpenApi(sample());

  it('publishes OpenAPI 3.1 with nullable turned into JSON Schema null types', () => {
    expect(doc.openapi).toBe('3.1.0');
    const thing = doc.components!.schemas!.Thing as { properties: Record<string, unknown> };
    expect(thing.properties.note).toEqual({ type: ['string', 'null'] });
    expect(thing.properties.tier).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
    expect(thing.properties.owner).toEqual({
      anyOf: [{ allOf: [{ $ref: '#/components/schemas/Owner' }] }, { type: 'null' }],
    });
  });

  it('adds the errors every operation of its shape can answer', () => {
    expect(Object.keys(responsesOf(doc, '/v1/things', 'get')).sort()).toEqual([
      '200',
      '401',
      '403',
      '503',
    ]);
    expect(Object.keys(responsesOf(doc, '/v1/things', 'post')).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '503',
    ]);
    expect(Object.keys(responsesOf(doc, '/v1/things/{id}', 'patch')).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '412',
      '413',
      '415',
      '503',
    ]);
  });

  it('answers every error as a problem document and keeps the declared codes', () => {
    const post = responsesOf(doc, '/v1/things', 'post');
    expect(post['409']).toEqual({
      description: 'THING.TAKEN',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(post['422'].description).toMatch(/IDEMPOTENCY\.KEY_REUSED/);
    expect(post['503'].headers).toHaveProperty('Retry-After');
    expect(doc.components!.schemas!.Problem).toMatchObject({ required: expect.any(Array) });
  });

  it('declares the convention headers on success responses (Location only where declared)', () => {
    expect(responsesOf(doc, '/v1/things', 'post')['201'].headers).toEqual({
      Location: expect.any(Object),
      'Idempotent-Replayed': expect.any(Object),
    });
    expect(responsesOf(doc, '/v1/things/{id}', 'patch')['200'].headers).toEqual({
      ETag: expect.any(Object),
    });
    const plain = completeOpenApi({
      ...sample(),
      paths: { '/v1/notes': { post: { responses: { '201': { description: 'created' } } } } },
    });
    expect(responsesOf(plain, '/v1/notes', 'post')['201'].headers).toBeUndefined();
  });

  it('leaves public operations without security and the token endpoint with OAuth errors', () => {
    const token = (doc.paths['/oauth/token'] as Record<string, Record<string, unknown>>).post;
    expect(token.security).toEqual([]);
    expect(token['x-public']).toBeUndefined();
    const responses = token.responses as Responses;
    // RFC 6749 §5.2: every refusal there is 400 or 401, never 413/415, and never problem+json.
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '503']);
    expect(Object.keys(responses['401'].content!)).toEqual(['application/json']);
  });
});

describe('response schemas by name', () => {
  it('refuses two different schemas under one name', () => {
    const a = defineResponse<{ a: string }>()('Clash', {
      schema: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
    });
    const b = defineResponse<{ b: number }>()('Clash', {
      schema: { type: 'object', required: ['b'], properties: { b: { type: 'number' } } },
    });
    expect(responseSchemaRef(a)).toEqual({ $ref: '#/components/schemas/Clash' });
    expect(() => responseSchemaRef(b)).toThrow('two different response schemas named Clash');
  });
});
