import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/*
 * The contract check of the integration and e2e tiers (docs/api.md, "Contract"): every answer a
 * service gives a test is compared with the published OpenAPI document (docs/openapi/<service>.json). A status the
 * operation does not document, a content type it does not declare, or a body that does not match
 * the schema is a violation, and the test that received it fails.
 */

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface Route {
  service: string;
  template: string;
  pattern: RegExp;
  item: Record<string, Operation>;
}

/** Paths outside the partner API: probes, metrics, the API documents, the dashboard's page. */
const OUTSIDE_THE_API = [
  /^\/health\/(live|ready)$/,
  /^\/metrics$/,
  /^\/docs(-json)?(\/.*)?$/,
  /^\/$/,
  /^\/assets\/[^/]+$/,
  // Registered only on demo stacks (DEMO_CLOCK=true), never in production's document.
  /^\/v1\/admin\/clock$/,
  // The integration tier's own token issuer (ServiceHarness), not a service.
  /^\/jwks$/,
];

export interface ContractViolation {
  request: string;
  status: number;
  problem: string;
}

const escapePointer = (s: string): string =>
  encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));

export class OpenApiContract {
  private readonly routes: Route[] = [];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(documents: Record<string, Json>) {
    addFormats(this.ajv);
    // OpenAPI's own annotations on schema objects.
    for (const keyword of ['example', 'discriminator', 'xml', 'externalDocs'])
      this.ajv.addKeyword(keyword);
    for (const [service, doc] of Object.entries(documents)) {
      this.ajv.addSchema(doc, service);
      for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
        const pattern = new RegExp(
          `^${template
            .split(/(\{[^}]+\})/)
            .map((p) => (p.startsWith('{') ? '[^/]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
            .join('')}$`,
        );
        this.routes.push({ service, template, pattern, item: item as Route['item'] });
      }
    }
    // A literal segment wins over a parameter (`/v1/trust/leaderboard` before `/{id}`).
    const params = (r: Route): number => r.template.split('{').length;
    this.routes.sort((a, b) => params(a) - params(b));
  }

  /** Loads docs/openapi/*.json. */
  static fromRepository(root: string): OpenApiContract {
    const dir = join(root, 'docs/openapi');
    const docs: Record<string, Json> = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
      docs[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
    return new OpenApiContract(docs);
  }

  /**
   * Checks one answer. `path` is the request path without the query; the unversioned paths of
   * the first release are checked as the /v1 operation they are served by.
   */
  check(
    method: string,
    path: string,
    status: number,
    contentType: string | null,
    body: string | undefined,
  ): string | undefined {
    if (OUTSIDE_THE_API.some((r) => r.test(path))) return undefined;
    const m = method.toLowerCase();
    const route =
      this.find(path, m) ?? (path.startsWith('/v1/') ? undefined : this.find(`/v1${path}`, m));
    if (!route) {
      // Probing an unknown path is answered 404 by the router, whatever the method.
      if (status === 404 || status === 405) return undefined;
      return `no operation ${method.toUpperCase()} ${path} in the OpenAPI documents`;
    }
    const op = route.item[m];
    const declared = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`];
    if (!declared)
      return `${route.service}: ${method.toUpperCase()} ${route.template} does not document ${status} (documents ${Object.keys(op.responses).join(', ')})`;
    const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!declared.content) {
      return body && body.length > 0 && status !== 304
        ? `${route.service}: ${status} of ${route.template} documents no body, got ${media}`
        : undefined;
    }
    const mediaTypes = Object.keys(declared.content);
    if (!mediaTypes.includes(media))
      return `${route.service}: ${status} of ${method.toUpperCase()} ${route.template} is ${media || 'without a content type'}, documented ${mediaTypes.join(', ')}`;
    if (!/json/.test(media) || body === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `${route.service}: ${status} of ${route.template} is not JSON`;
    }
    const validate = this.validator(route, m, String(status), media);
    if (validate(parsed)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
      .join('; ');
    return `${route.service}: ${status} of ${method.toUpperCase()} ${route.template} does not match its schema: ${errors}`;
  }

  private find(path: string, method: string): Route | undefined {
    return this.routes.find((r) => r.pattern.test(path) && r.item[method]);
  }

  private validator(route: Route, method: string, status: string, media: string): ValidateFunction {
    const pointer = [
      'paths',
      route.template,
      method,
      'responses',
      status,
      'content',
      media,
      'schema',
    ]
      .map(escapePointer)
      .join('/');
    const ref = `${route.service}#/${pointer}`;
    let v = this.compiled.get(ref);
    if (!v) {
      v = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, v);
    }
    return v;
  }
}
