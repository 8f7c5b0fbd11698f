import { applyDecorators } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { ApiResponse, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { JSONSchema } from 'json-schema-to-ts';
import { HTTP_STATUS, titleOf } from './errors';
import { API_VERSION, LEGACY_PATHS_SUNSET_AT } from './api-version';
import type { ErrorKind, SchemaCheck } from '@dx/contracts';

/*
 * The OpenAPI 3.1 document of a service, complete enough to generate a client from
 * (docs/api.md): every success response has a schema, every error is `application/problem+json`
 * with the shared Problem schema and the codes it can carry, and the headers of the API
 * conventions (Idempotency-Key, If-Match, ETag, Location, Retry-After) are declared.
 *
 * Success schemas come from two places: DTO classes with @ApiProperty (NestJS's own way) and, for
 * views that are plain interfaces, JSON Schemas declared next to the view and checked against it by
 * the compiler (`SchemaDescribes`, as the events are), registered here by name.
 */

type Json = Record<string, unknown>;

/** A response body: its name in components.schemas and its JSON Schema. */
export interface ResponseBody {
  readonly name: string;
  readonly schema: Readonly<Json>;
}

/**
 * Declares the JSON Schema of a view returned by a handler. It must describe the view's type
 * exactly, or it does not compile (the check the events have: SchemaDescribes):
 * `defineResponse<TrustView>()('TrustView', { schema: {...} })`.
 */
export function defineResponse<T>() {
  return <const S extends JSONSchema>(
    name: string,
    spec: { schema: S } & SchemaCheck<S, T>,
  ): ResponseBody => ({ name, schema: spec.schema as Readonly<Json> });
}

const namedSchemas = new Map<string, Readonly<Json>>();

/** A reference to a response body in components.schemas (added to the document when used). */
export function responseSchemaRef(body: ResponseBody): { $ref: string } {
  const known = namedSchemas.get(body.name);
  if (known && known !== body.schema)
    throw new Error(`two different response schemas named ${body.name}`);
  namedSchemas.set(body.name, body.schema);
  return { $ref: `#/components/schemas/${body.name}` };
}

/** A JSON success response whose body is a declared {@link ResponseBody}. */
export function ApiJsonResponse(
  status: number,
  body: ResponseBody,
  description = 'OK',
): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: { 'application/json': { schema: responseSchemaRef(body) } },
  });
}

/** A page of a list: `items` and the `nextCursor` to pass as `?cursor=` (null on the last page). */
export const pageSchema = <const S extends JSONSchema>(items: S) =>
  ({
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items },
      nextCursor: {
        type: ['string', 'null'],
        description: 'pass as `cursor` for the next page; null on the last page',
      },
    },
    additionalProperties: false,
  }) as const;

/**
 * The error statuses an operation can answer beyond the ones every operation of its shape has
 * (see {@link completeOpenApi}), each with the problem codes it carries and when.
 */
export function ApiProblems(
  problems: Partial<Record<ErrorKind, string>>,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(problems).map(([kind, description]) =>
      ApiResponse({ status: HTTP_STATUS[kind as ErrorKind], description }),
    ),
  );
}

/** RFC 9457 problem document as every service answers it (problem-details.filter.ts). */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; extra members (extensions) may follow',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: '`urn:dx:problem:<code in lower case>`' },
    title: { type: 'string', description: 'the kind of error, in words' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'what went wrong with this request' },
    code: { type: 'string', description: 'stable `AREA.REASON`, e.g. `DATASET.NOT_FOUND`' },
    instance: { type: 'string', description: 'the request path' },
    errors: {
      type: 'array',
      description: 'one entry per offending field',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'JSON-pointer-like path of the field' },
          message: { type: 'string', description: 'why it was refused' },
        },
      },
    },
    traceId: { type: 'string', description: 'W3C trace id; quote it when reporting a problem' },
  },
  additionalProperties: true,
  example: {
    type: 'urn:dx:problem:request.invalid',
    title: 'Invalid request',
    status: 400,
    detail: 'the request is not valid',
    code: 'REQUEST.INVALID',
    instance: '/v1/agreements',
    errors: [{ path: 'validTo', message: 'validTo must be a valid ISO 8601 date string' }],
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  },
} as const;

/** RFC 6749 §5.2: the token endpoint's errors, plain JSON. */
const OAUTH_ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'error_description', 'code'],
  properties: {
    error: {
      type: 'string',
      enum: [
        'invalid_request',
        'invalid_client',
        'invalid_grant',
        'unauthorized_client',
        'unsupported_grant_type',
        'invalid_scope',
        // RFC 8707 §2: a resource indicator the server does not accept.
        'invalid_target',
        'slow_down',
        'server_error',
      ],
    },
    error_description: { type: 'string' },
    code: { type: 'string' },
    errors: PROBLEM_SCHEMA.properties.errors,
    trace_id: { type: 'string' },
  },
  additionalProperties: false,
} as const;

/** What every operation of a shape can answer, and the codes behind it. */
const GENERIC: Record<string, string> = {
  400:
    'the request is malformed: `REQUEST.INVALID` (each offending field in `errors`), `REQUEST.INVALID_CURSOR`, ' +
    '`REQUEST.NUL_CHARACTER`, `REQUEST.TOO_DEEP`, `HTTP.MALFORMED_JSON`, `HTTP.MALFORMED_BODY`',
  401: 'no valid access token: `AUTH.MISSING_TOKEN`, `AUTH.INVALID_TOKEN`, `AUTH.TOKEN_EXPIRED`, `AUTH.INVALID_CLAIM`',
  403:
    'the token does not allow this: `AUTH.ROLE_REQUIRED`, `AUTH.PARTICIPANT_SUSPENDED`, `AUTH.FORBIDDEN` ' +
    '(a participant acting on what is not its own)',
  404: 'no such resource, or not visible to the caller: `<AREA>.NOT_FOUND`',
  412: 'If-Match names a version that is no longer current: `REQUEST.STALE_VERSION`; read again and retry',
  413: 'the body is larger than allowed: `HTTP.BODY_TOO_LARGE`',
  415: 'the body is not JSON or its encoding is not supported: `HTTP.UNSUPPORTED_ENCODING`',
  422: 'this Idempotency-Key was used for a different request: `IDEMPOTENCY.KEY_REUSED`',
  503:
    'a dependency (database, key set) is unavailable: `SERVICE.DEPENDENCY_UNAVAILABLE`, `AUTH.KEYS_UNAVAILABLE`; ' +
    'retry after Retry-After seconds (with the same Idempotency-Key for a create)',
};

const HEADERS: Record<string, Json> = {
  ETag: {
    description: 'the version of the resource; send it as If-Match to change it safely',
    schema: { type: 'string' },
  },
  Location: { description: 'where the created resource is', schema: { type: 'string' } },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same key',
    schema: { type: 'string', enum: ['true'] },
  },
  'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer' } },
};

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** nullable (OpenAPI 3.0, what @nestjs/swagger writes) → a `null` type (3.1, JSON Schema). */
function toJsonSchema2020(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(toJsonSchema2020);
  if (!node || typeof node !== 'object') return;
  const s = node as Json;
  if (s.nullable === true) {
    delete s.nullable;
    if (typeof s.type === 'string') {
      s.type = [s.type, 'null'];
      if (Array.isArray(s.enum)) s.enum = [...(s.enum as unknown[]), null];
    } else if (s.$ref || s.allOf) {
      const inner = { ...s };
      for (const k of Object.keys(s)) delete s[k];
      s.anyOf = [inner, { type: 'null' }];
    }
  } else if (s.nullable === false) delete s.nullable;
  for (const value of Object.values(s)) toJsonSchema2020(value);
}

function problemResponse(description: string, retryAfter = false): Json {
  return {
    description,
    ...(retryAfter ? { headers: { 'Retry-After': HEADERS['Retry-After'] } } : {}),
    content: { 'application/problem+json': { schema: PROBLEM_REF } },
  };
}

function refNames(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => refNames(n, into));
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') into.add(v.replace('#/components/schemas/', ''));
    else refNames(v, into);
  }
}

/**
 * Completes what the decorators declare into the published document: error responses by the
 * operation's shape (a token → 401/403, parameters or a body → 400, a path id → 404, If-Match → 412,
 * a body → 413/415, Idempotency-Key → 422, and 503 everywhere), problem+json on every error,
 * the convention headers on success responses, public operations without security, 3.1 schemas.
 */
export function completeOpenApi(doc: OpenAPIObject): OpenAPIObject {
  const out = JSON.parse(JSON.stringify(doc)) as OpenAPIObject & { openapi: string } & Json;
  out.openapi = '3.1.0';
  const components = (out.components ??= {}) as Json & { schemas?: Json };
  const schemas = (components.schemas ??= {});
  schemas.Problem = PROBLEM_SCHEMA;
  const wanted = new Set<string>();
  refNames(out.paths, wanted);
  for (const name of [...wanted].sort()) {
    const named = namedSchemas.get(name);
    if (named && !schemas[name]) schemas[name] = JSON.parse(JSON.stringify(named));
  }
  let grantTokens = false;
  for (const item of Object.values(out.paths) as Json[]) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      grantTokens ||= op['x-grant-token'] === true;
      completeOperation(op);
    }
  }
  // The grant-token scheme is declared only by the service that issues grant tokens.
  const schemes = (out.components as Json | undefined)?.securitySchemes as Json | undefined;
  if (schemes && !grantTokens) delete schemes.grantToken;
  toJsonSchema2020(out);
  return out;
}

function completeOperation(op: Json): void {
  const params = (op.parameters ?? []) as Array<{ name: string; in: string }>;
  const responses = (op.responses ??= {}) as Record<string, Json>;
  const grant = op['x-grant-token'] === true;
  delete op['x-grant-token'];
  const isPublic = op['x-public'] === true && !grant;
  delete op['x-public'];
  if (isPublic) op.security = [];
  if (grant) op.security = [{ grantToken: [] }];
  const has = (name: string, where = 'header'): boolean =>
    params.some((p) => p.in === where && p.name.toLowerCase() === name.toLowerCase());
  const hasBody = op.requestBody !== undefined;
  const oauth = op['x-oauth-errors'] === true;
  delete op['x-oauth-errors'];
  // A protocol with error bodies of its own (the Dataspace Protocol's) declares their schema.
  const errorBody = op['x-error-body'] as Json | undefined;
  delete op['x-error-body'];
  const generic = new Set<number>([503]);
  if (params.some((p) => p.in !== 'header') || hasBody) generic.add(400);
  if (!isPublic) [401, 403].forEach((s) => generic.add(s));
  if (params.some((p) => p.in === 'path')) generic.add(404);
  if (has('If-Match')) generic.add(412);
  // The token endpoint answers every refused request 400 (RFC 6749 §5.2), whatever the cause.
  if (hasBody && !oauth) [413, 415].forEach((s) => generic.add(s));
  if (has('Idempotency-Key')) generic.add(422);
  for (const status of generic) {
    const key = String(status);
    const declared = responses[key] as (Json & { description?: string }) | undefined;
    // A declared description names the operation's own codes; the generic ones still apply.
    const description = declared?.description
      ? `${declared.description}; also ${GENERIC[key]}`
      : GENERIC[key];
    responses[key] = { ...declared, description };
  }
  for (const [key, response] of Object.entries(responses)) {
    const status = Number(key);
    if (status >= 400) {
      if (!response.content) {
        Object.assign(
          response,
          // The shared HTTP layer refuses oversized and non-JSON bodies, and malformed JSON,
          // before the route: those stay problem documents.
          errorBody && status !== 413 && status !== 415
            ? {
                content: {
                  'application/json': { schema: errorBody },
                  ...(status === 400
                    ? { 'application/problem+json': { schema: PROBLEM_REF } }
                    : {}),
                },
              }
            : oauth
              ? { content: { 'application/json': { schema: OAUTH_ERROR_SCHEMA } } }
              : problemResponse(
                  (response.description as string | undefined) ?? titleOf(kindOf(status)),
                  false,
                ),
        );
      }
      if (status === 429 || status === 503)
        response.headers = { ...(response.headers as Json), 'Retry-After': HEADERS['Retry-After'] };
      continue;
    }
    const headers: Json = { ...(response.headers as Json) };
    // Declared per operation (x-location): not every create has an address of its own.
    if (status === 201 && op['x-location'] === true) headers.Location = HEADERS.Location;
    if ((status === 200 || status === 201) && (has('If-Match') || op['x-etag'] === true))
      headers.ETag = HEADERS.ETag;
    if (status === 304) headers.ETag = HEADERS.ETag;
    if (has('Idempotency-Key') && status < 300)
      headers['Idempotent-Replayed'] = HEADERS['Idempotent-Replayed'];
    if (Object.keys(headers).length) response.headers = headers;
  }
  delete op['x-location'];
  delete op['x-etag'];
}

function kindOf(status: number): ErrorKind {
  const found = Object.entries(HTTP_STATUS).find(([, s]) => s === status);
  return (found?.[0] ?? 'invalid') as ErrorKind;
}

/** The service's published OpenAPI document, as served at /docs-json and kept in docs/openapi/. */
export function buildOpenApiDocument(
  app: INestApplication,
  opts: { service: string; description: string },
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`dx ${opts.service}`)
    .setDescription(
      `${opts.description}\n\nPartner API version ${API_VERSION}: every path starts with /v${API_VERSION}. ` +
        `The unversioned paths of the first release still answer, with Deprecation and Sunset headers, ` +
        `until ${LEGACY_PATHS_SUNSET_AT.toISOString().slice(0, 10)}. Errors are RFC 9457 problem documents ` +
        `(application/problem+json) whose \`code\` is stable.`,
    )
    .setVersion(API_VERSION)
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'from POST /oauth/token',
      },
      'bearer',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque',
        description: 'a grant token, issued once for one transfer (POST /v1/transfers)',
      },
      'grantToken',
    )
    .addSecurityRequirements('bearer')
    .build();
  return completeOpenApi(SwaggerModule.createDocument(app, config));
}
