/**
 * An entry point of the catalog service beside main.ts (an operator command; in an image
 * `node dist/apps/catalog/src/explain-search.js`). Shows how PostgreSQL runs one catalog search:
 *   npm run catalog:explain-search -- 'q=bus&theme=TRAN' [--viewer <participant id>]
 * prints the two statements `GET /datasets` issues for that query string (as an operator, or as the
 * given participant) — the page, and the total with the facets (counted at most once per
 * SEARCH_COUNTS_MAX_AGE_MS) — and their plans with EXPLAIN (ANALYZE, BUFFERS): what a DBA reads
 * before adding an index. The search benchmark issues the same statements as its PostgreSQL baseline.
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createServiceDataSource, serviceDatabaseUrl } from '@dx/persistence';
import { SearchDatasetsQueryDto } from './datasets/api/dto/search-datasets.query.dto';
import type { Viewer } from './datasets/domain/dataset-access';
import {
  explainStatement,
  searchStatements,
  type SearchStatements,
} from './datasets/queries/search-datasets.query';

/**
 * The statements of a search given as query parameters, checked as the API checks them (an
 * invalid parameter throws, naming it and why), for a participant or an operator.
 */
export function searchStatementFor(
  query: Record<string, string>,
  viewer: { participantId?: string },
): SearchStatements {
  const dto = plainToInstance(SearchDatasetsQueryDto, query);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length)
    throw new Error(
      errors
        .map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`)
        .join('\n'),
    );
  const who: Viewer = viewer.participantId
    ? { subject: viewer.participantId, roles: ['participant'] }
    : { subject: 'explain-search', roles: ['operator'] };
  return searchStatements(dto, who);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--viewer');
  const participantId = at >= 0 ? args[at + 1] : undefined;
  const queryString = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1))[0];
  const statements = searchStatementFor(
    Object.fromEntries(new URLSearchParams(queryString ?? '')),
    {
      participantId,
    },
  );
  const admin = process.env.DX_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url =
    process.env.CATALOG_DATABASE_URL ??
    serviceDatabaseUrl(admin, 'catalog', process.env.DX_DATABASE ?? 'dx');
  const ds = createServiceDataSource({ service: 'catalog', url, migrations: [], poolSize: 1 });
  await ds.initialize();
  try {
    for (const [name, statement] of Object.entries(statements)) {
      const plan = await explainStatement(ds, statement);
      console.log(
        `-- ${name}; parameters: ${JSON.stringify(statement.params)}\n${statement.text}\n`,
      );
      console.log(`${plan.join('\n')}\n`);
    }
  } finally {
    await ds.destroy();
  }
}

// Run as a command; imported (by the benchmark), it only lends searchStatementFor.
if (require.main === module)
  main().catch((err) => {
    console.error('[catalog] explain-search failed:', (err as Error).message);
    process.exit(1);
  });
