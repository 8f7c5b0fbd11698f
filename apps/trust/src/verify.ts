/**
 * An entry point of the trust service beside main.ts (an operator command; in an image
 * `node dist/apps/trust/src/verify.js`, e.g. as a Kubernetes Job). Recomputes every trust state and every stored score from the evidence ledger and compares them
 * with the incremental state and the profiles:
 *   npm run trust:verify [-- --rebuild]
 * Exits 1 when any value differs by more than 1e-9 (states: unless --rebuild was given; a rebuilt
 * state's scores follow at the participant's next rescoring).
 */
import { createServiceDataSource, serviceDatabaseUrl } from '@dx/persistence';
import { verifyScores, verifyState } from './scoring/persistence/verify-state';

/** The recomputation this command runs, lent to the trust benchmark (imported, nothing runs). */
export { recomputeScores } from './scoring/persistence/verify-state';

async function main(): Promise<void> {
  const rebuild = process.argv.includes('--rebuild');
  const admin = process.env.DX_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url =
    process.env.TRUST_DATABASE_URL ??
    serviceDatabaseUrl(admin, 'trust', process.env.DX_DATABASE ?? 'dx');
  const ds = createServiceDataSource({
    service: 'trust',
    url,
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
    const scores = await ds.transaction((em) => verifyScores(em));
    console.log(
      `[trust] ${scores.scores} scores recomputed from the ledger; largest difference ${scores.maxDifference.toExponential(2)}; ${scores.mismatches.length} over 1e-9`,
    );
    for (const m of scores.mismatches.slice(0, 20)) console.log(`[trust]   ${JSON.stringify(m)}`);
    if ((report.mismatches.length && !rebuild) || scores.mismatches.length) process.exitCode = 1;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module)
  main().catch((err) => {
    console.error('[trust] verify failed:', err);
    process.exit(1);
  });
