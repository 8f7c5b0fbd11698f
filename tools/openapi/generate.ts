/** Rewrites docs/openapi/<service>.json from the services' routes (npm run openapi:generate). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  clientTypesOf,
  documentText,
  idempotentOperationsText,
  openApiDocumentOf,
  SERVICES,
} from './documents';

async function main(): Promise<void> {
  const dir = join(__dirname, '../../docs/openapi');
  const client = join(__dirname, '../../libs/client/src/generated');
  mkdirSync(dir, { recursive: true });
  mkdirSync(client, { recursive: true });
  const docs = {} as Record<string, OpenAPIObject>;
  for (const service of SERVICES) {
    docs[service] = await openApiDocumentOf(service);
    const path = join(dir, `${service}.json`);
    writeFileSync(path, documentText(docs[service]));
    writeFileSync(join(client, `${service}.ts`), clientTypesOf(path));
  }
  writeFileSync(join(client, 'operations.ts'), idempotentOperationsText(docs));
  console.log(
    `[openapi] wrote docs/openapi/{${SERVICES.join(',')}}.json and libs/client/src/generated/`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
