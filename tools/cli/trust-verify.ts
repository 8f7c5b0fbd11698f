/**
 * Recomputes every trust state from the evidence ledger and compares it with the incremental state:
 *   npm run trust:verify [-- --rebuild]
 * Exits 1 when any value differs by more than 1e-9 (and --rebuild was not given).
 */
import { createServiceDataSource, serviceDatabaseUrl } from '@dx/persistence';
import { verifyState } from '../../apps/trust/src/scoring/application/verify-state';

async function main(): Promise<void> {
  const rebuild = process.argv.includes('--rebuild');
  const admin = process.env.DX_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url =
    process.env.TRUST_DATABASE_URL ??
    serviceDatabaseUrl(admin, 'trust', process.env.DX_DATABASE ?? 'dx');
  const ds = createServiceDataSource({
    service: 'trust',
    url,
    entities: [],
    migrations: [],
    poolSize: 1,
  });
  await ds.initialize();
  try {
    const report = await ds.transaction((em) => verifyState(em, { rebuild }));
    console.log(
      `[trust] ${report.states} states checked against the ledger; largest difference ${report.maxDifference.toExponential(2)}; ${report.mismatches.length} over 1e-9${rebuild ? ' (rebuilt from the ledger)' : ''}`,
    );
    for (const m of report.mismatches.slice(0, 20)) console.log(`[trust]   ${JSON.stringify(m)}`);
    if (report.mismatches.length && !rebuild) process.exitCode = 1;
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error('[trust] verify failed:', err);
  process.exit(1);
});
