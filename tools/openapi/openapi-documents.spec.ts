import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  clientTypesOf,
  documentText,
  idempotentOperationsText,
  openApiDocumentOf,
  SERVICES,
} from './documents';

/*
 * docs/openapi/<service>.json is what partners read and generate clients from; `npm test` lints
 * it (redocly.yaml) and the e2e tier checks real answers against it. Both only mean something if
 * the files are the code's own documents: regenerate with `npm run openapi:generate`.
 */
const committed = (service: string): string =>
  readFileSync(join(__dirname, '../../docs/openapi', `${service}.json`), 'utf8');

describe.each(SERVICES)('the published OpenAPI document of %s', (service) => {
  it('is the one the code generates (npm run openapi:generate)', async () => {
    const generated = documentText(await openApiDocumentOf(service));
    expect(generated === committed(service)).toBe(true);
  });

  it('types @dx/client exactly as openapi-typescript generates them from it', () => {
    const path = join(__dirname, '../../docs/openapi', `${service}.json`);
    const types = readFileSync(
      join(__dirname, '../../libs/client/src/generated', `${service}.ts`),
      'utf8',
    );
    expect(clientTypesOf(path) === types).toBe(true);
  });

  it('is OpenAPI 3.1 and puts every partner operation under /v1', () => {
    const doc = JSON.parse(committed(service)) as {
      openapi: string;
      info: { version: string };
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1');
    const unversioned = Object.keys(doc.paths).filter((p) => !p.startsWith('/v1/'));
    // Only the OAuth endpoints stay where OAuth clients look for them, and the Dataspace
    // Protocol where connectors look for it (its own version is in its paths).
    const unversionedByDesign: Record<string, string[]> = {
      catalog: ['/oauth/token', '/.well-known/jwks.json'],
      dsp: [
        '/.well-known/dspace-version',
        '/dsp/odrl-profile/v1',
        '/dsp/2025-1/catalog/request',
        '/dsp/2025-1/catalog/datasets/{id}',
        '/dsp/2025-1/negotiations/request',
        '/dsp/2025-1/negotiations/{pid}',
        '/dsp/2025-1/negotiations/{pid}/request',
        '/dsp/2025-1/negotiations/{pid}/events',
        '/dsp/2025-1/negotiations/{pid}/agreement/verification',
        '/dsp/2025-1/negotiations/{pid}/termination',
        '/dsp/2025-1/transfers/request',
        '/dsp/2025-1/transfers/{pid}',
        '/dsp/2025-1/transfers/{pid}/start',
        '/dsp/2025-1/transfers/{pid}/suspension',
        '/dsp/2025-1/transfers/{pid}/completion',
        '/dsp/2025-1/transfers/{pid}/termination',
      ],
    };
    expect(unversioned).toEqual(unversionedByDesign[service] ?? []);
  });
});

it('gives the client every operation that takes an Idempotency-Key, and only those', () => {
  const docs = Object.fromEntries(
    SERVICES.map((s) => [s, JSON.parse(committed(s)) as OpenAPIObject]),
  );
  const table = readFileSync(
    join(__dirname, '../../libs/client/src/generated/operations.ts'),
    'utf8',
  );
  expect(table).toBe(idempotentOperationsText(docs));
  expect(table).toContain("{ service: 'consent', method: 'POST', path: '/v1/agreements' }");
});
