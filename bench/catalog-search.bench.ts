/*
 * Catalog search under a bounded load, beside its raw baseline.
 *
 *   npm run bench -- catalog-search
 *
 * Loads 10,000 datasets (50 providers) into a fresh database, starts the catalog as its own process
 * from the compiled build (as production runs it), and drives `GET /datasets` with autocannon
 * (fixed connections, fixed duration) on loopback. The baseline issues the SAME SQL statements the
 * handler builds (`searchStatementFor`, the catalog's explain-search entry point: the page on every
 * request, the counts once per SEARCH_COUNTS_MAX_AGE_MS, as the handler does) straight to
 * PostgreSQL with node-postgres at the same concurrency, before and after each API run, so the
 * ratio shows what HTTP, auth, validation and JSON cost on top of the database.
 */
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import { withCheckDigit } from '@dx/contracts';
import {
  createTestDatabase,
  runMigrationCommand,
  testInfra,
  type RunningApp,
  type TestDatabase,
} from '@dx/testing';
import { searchStatementFor } from '../apps/catalog/src/explain-search';
import {
  BenchRecorder,
  machineInfo,
  mainIfRun,
  provisionFreshTopics,
  peakMemoryMiB,
  round,
  equalCpuText,
  ratioAtEqualCpu,
  startService,
  withCpu,
  type BenchReport,
} from './harness';

const DATASETS = Number(process.env.BENCH_DATASETS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/** The service's SEARCH_COUNTS_MAX_AGE_MS (its default), mirrored by the SQL baseline. */
const COUNTS_MAX_AGE_MS = Number(process.env.BENCH_COUNTS_MAX_AGE_MS ?? 5000);

const SCENARIOS: Array<{ name: string; query: Record<string, string> }> = [
  { name: 'full text, 2 words, 20 per page', query: { q: 'population district', limit: '20' } },
  {
    name: 'filters only (theme + sensitivity)',
    query: { theme: 'TRAN', sensitivity: 'public', limit: '20' },
  },
  {
    name: 'full text + filter, rare word',
    query: { q: 'clinics', providerKind: 'municipality', limit: '20' },
  },
];

interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const WORDS = [
  'population',
  'presence',
  'district',
  'traffic',
  'air',
  'quality',
  'retail',
  'outlets',
  'permits',
  'road',
  'works',
  'spending',
  'card',
  'taxi',
  'trips',
  'energy',
  'water',
  'schools',
  'clinics',
  'parking',
  'noise',
  'weather',
  'transport',
  'tourism',
  'housing',
];

async function load(db: TestDatabase): Promise<void> {
  const pool = new Pool({ connectionString: db.adminUrl, max: 1 });
  const providers = Array.from(
    { length: 50 },
    (_, i) =>
      withCheckDigit(`77${String(i).padStart(9, '0')}`) ?? `7${String(i).padStart(11, '0')}`,
  );
  await pool.query(
    `INSERT INTO catalog.participants (id, name, kind, legal_id, sector, contact_email, status, created_at, updated_at, version)
     SELECT gen_random_uuid(), 'Provider ' || i || ' (synthetic)', (ARRAY['municipality','business','ngo'])[1 + i % 3],
            ($1::text[])[i], 'sector', 'p' || i || '@example.kz', 'active', now(), now(), 1
     FROM generate_series(1, 50) i`,
    [providers],
  );
  await pool.query(
    `INSERT INTO catalog.datasets (id, provider_id, title, description, themes, keywords, licence, sensitivity,
       visibility, update_frequency, spatial_coverage, temporal_coverage, legal_basis, citizen_services,
       contact_point, status, latest_schema_version, created_at, updated_at, version)
     SELECT gen_random_uuid(), ps.ids[1 + i % 50],
            initcap(w[1 + (i * 7) % 25]) || ' ' || w[1 + (i * 13) % 25] || ' by ' || w[1 + (i * 3) % 25] || ' #' || i,
            'Synthetic dataset ' || i || ' about ' || w[1 + (i * 11) % 25] || ' and ' || w[1 + (i * 17) % 25] || ' per district of Almaty.',
            ARRAY[(ARRAY['TRAN','ECON','ENVI','SOCI','REGI','HEAL'])[1 + i % 6]],
            ARRAY[w[1 + (i * 5) % 25], w[1 + (i * 19) % 25]],
            (ARRAY['CC-BY-4.0','CC0-1.0','ODbL-1.0','agreement-only'])[1 + i % 4],
            (ARRAY['public','internal','personal-aggregated'])[1 + i % 3],
            CASE WHEN i % 3 = 0 THEN 'public' ELSE 'participants' END,
            'P1D', '{"name":"Almaty"}', '{"start":"2024-01-01"}', 'data-sharing agreement', '{}',
            '{"name":"Data office","email":"data@example.kz"}',
            CASE WHEN i % 10 = 0 THEN 'draft' ELSE 'published' END, 1,
            now() - i * interval '1 minute', now(), 1
     FROM generate_series(1, $1::int) i,
          (SELECT $2::text[] AS w) words,
          (SELECT array_agg(id) AS ids FROM catalog.participants) ps`,
    [DATASETS, WORDS],
  );
  await pool.query('ANALYZE catalog.datasets; ANALYZE catalog.participants');
  await pool.end();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function viaPostgres(
  url: string,
  query: Record<string, string>,
  viewer: string,
): Promise<Figures> {
  const sql = searchStatementFor(query, { participantId: viewer });
  const pool = new Pool({ connectionString: url, max: 10 });
  const latencies: number[] = [];
  let errors = 0;
  // As the handler does: the page on every request; the counts when the last ones are older than
  // the service's SEARCH_COUNTS_MAX_AGE_MS, with the requests arriving meanwhile waiting for them.
  let counting: Promise<unknown> | undefined;
  let countedAt = -Infinity;
  const end = Date.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        if (t0 - countedAt >= COUNTS_MAX_AGE_MS && !counting) {
          countedAt = t0;
          counting = pool
            .query(sql.counts.text, sql.counts.params)
            .finally(() => (counting = undefined));
        }
        try {
          await Promise.all([pool.query(sql.page.text, sql.page.params), counting]);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / DURATION_S,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
  };
}

/** BENCH_EXPLAIN=1 prints each scenario's plans (where the database time goes). */
async function explain(url: string, viewer: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  for (const s of SCENARIOS) {
    const sql = searchStatementFor(s.query, { participantId: viewer });
    for (const st of [sql.page, sql.counts]) {
      const plan = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${st.text}`,
        st.params,
      );
      console.log(`--- ${s.name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
  await pool.end();
}

async function viaApi(url: string, token: string, query: Record<string, string>): Promise<Figures> {
  const result = await autocannon({
    url: `${url}/v1/datasets?${new URLSearchParams(query).toString()}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export async function run(): Promise<BenchReport> {
  const db = await createTestDatabase();
  let app: RunningApp | undefined;
  try {
    runMigrationCommand(db, ['catalog']);
    await load(db);
    const prefix = await provisionFreshTopics();
    const secret = randomBytes(24).toString('base64url');
    app = await startService('catalog', {
      DATABASE_URL: db.urlFor('catalog'),
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_CLIENT_SECRET: secret,
      SEARCH_COUNTS_MAX_AGE_MS: String(COUNTS_MAX_AGE_MS),
    });
    const tokenOf = async (body: Record<string, string>) =>
      (
        (await (
          await fetch(`${app!.url}/oauth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_type: 'client_credentials', ...body }),
          })
        ).json()) as { access_token: string }
      ).access_token;
    const operator = await tokenOf({ client_id: 'platform-operator', client_secret: secret });
    const reg = (await (
      await fetch(`${app.url}/v1/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
        body: JSON.stringify({
          name: 'Bench reader (synthetic)',
          kind: 'business',
          legalId: withCheckDigit('88000000001'),
          sector: 'bench',
          contactEmail: 'bench@example.kz',
        }),
      })
    ).json()) as { id: string; clientId: string; clientSecret: string };
    const token = await tokenOf({ client_id: reg.clientId, client_secret: reg.clientSecret });

    const rec = new BenchRecorder('catalog-search', await machineInfo(), {
      datasets: DATASETS,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      countsMaxAgeMs: COUNTS_MAX_AGE_MS,
    });
    if (process.env.BENCH_EXPLAIN) await explain(db.urlFor('catalog'), reg.id);
    let worstRatio = Infinity;
    let worstP99 = 0;
    for (const s of SCENARIOS) {
      // Warm both paths (plans, caches, JIT) before measuring.
      await viaApi(app.url, token, s.query).catch(() => undefined);
      const [pgBefore, pgCpu] = await withCpu(() =>
        viaPostgres(db.urlFor('catalog'), s.query, reg.id),
      );
      const url = app.url;
      const [api, apiCpu] = await withCpu(() => viaApi(url, token, s.query));
      rec.cpu(`${s.name}: the SQL alone (before)`, pgCpu);
      rec.cpu(`${s.name}: the API`, apiCpu);
      rec.note(
        `${s.name}: API ÷ SQL at equal CPU use ${equalCpuText(
          ratioAtEqualCpu(
            { rate: api.requestsPerSecond, busy: apiCpu },
            { rate: pgBefore.requestsPerSecond, busy: pgCpu },
          ),
        )}`,
      );
      const pgAfter = await viaPostgres(db.urlFor('catalog'), s.query, reg.id);
      const pg = rec.baseline(`the same SQL, ${s.name}`, 'req/s', [
        pgBefore.requestsPerSecond,
        pgAfter.requestsPerSecond,
      ]);
      const ratio = api.requestsPerSecond / pg.mean;
      worstRatio = Math.min(worstRatio, ratio);
      worstP99 = Math.max(worstP99, api.p99Ms);
      rec.row({
        scenario: s.name,
        'api req/s': Math.round(api.requestsPerSecond),
        'pg req/s (before / after)': `${Math.round(pgBefore.requestsPerSecond)} / ${Math.round(pgAfter.requestsPerSecond)}`,
        'api/pg throughput': round(ratio, 2),
        'api p50 ms': api.p50Ms,
        'pg p50 ms': round(pgBefore.p50Ms, 2),
        'api p99 ms': api.p99Ms,
        'pg p99 ms': round(pgBefore.p99Ms, 2),
        errors: api.errors + pgBefore.errors + pgAfter.errors,
      });
      if (api.errors > 0) rec.note(`${s.name}: ${api.errors} API requests failed`);
    }
    const peak = peakMemoryMiB(app);
    rec.memory('catalog', { peakMiB: peak });
    rec.target(
      `catalog search API p99 at ${DATASETS} datasets, ${CONNECTIONS} clients (worst scenario)`,
      worstP99,
      'ms',
      { op: '<', value: 50 },
    );
    rec.target('catalog search API ÷ the same SQL (worst scenario)', worstRatio, '×', {
      op: '>=',
      value: 0.9,
    });
    rec.target('catalog peak RSS under the search load', peak, 'MiB', { op: '<', value: 350 });
    return rec.finish();
  } finally {
    await app?.stop();
    await db.drop();
  }
}

mainIfRun(module, run);
