import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrustTier } from '@dx/contracts';
import { decodeCursor, encodeCursor } from '@dx/service-kit';
import type { SearchDatasetsQueryDto } from '../api/dto/search-datasets.query.dto';
import type {
  DatasetFacetsDto,
  DatasetSummaryDto,
  FacetValueDto,
  SearchDatasetsResponseDto,
} from '../api/dto/search-datasets.response.dto';
import { isOperator, type Viewer } from '../domain/dataset-access';

interface Row {
  id: string;
  title: string;
  description: string;
  themes: string[];
  keywords: string[];
  licence: string;
  sensitivity: string;
  visibility: string;
  update_frequency: string;
  status: string;
  provider_id: string;
  provider_name: string;
  provider_kind: string;
  trust_tier: TrustTier | null;
  trust_lower_bound: number | null;
  latest_schema_version: number;
  rank: number;
  /** JSON text from PostgreSQL (the page comes back as json). */
  created_at: string;
  updated_at: string;
  version: number;
}

const FACETS: Array<[keyof DatasetFacetsDto, string]> = [
  ['theme', 'unnest(m.themes)'],
  ['providerKind', 'm.provider_kind'],
  ['sensitivity', 'm.sensitivity'],
  ['licence', 'm.licence'],
  ['status', 'm.status'],
];

/**
 * Ranked full-text search with filters, facet counts and keyset pagination, in one statement:
 * the page, and the total with every facet, over one computed match. Ranking weighs title (A) over
 * keywords (B) over description (C); ties fall back to the newest. The 'simple' text configuration
 * keeps Kazakh, Russian and English words as written (no stemming that would mangle two of them).
 */
@Injectable()
export class SearchDatasetsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(query: SearchDatasetsQueryDto, viewer: Viewer): Promise<SearchDatasetsResponseDto> {
    const sql = searchStatement(query, viewer);
    const [result] = await this.dataSource.query<
      Array<{
        items: Row[];
        total: number;
        facets: Array<{ facet: string; value: string; count: number }>;
      }>
    >(sql.text, sql.params);
    const rows = result.items;
    const facetRows = result.facets;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    // Every facet is present, empty when nothing matched, so a client need not test for it; the
    // values are ordered most frequent first, then by name, a stable order to display as is.
    const facets = Object.fromEntries(
      FACETS.map(([name]) => [name, []]),
    ) as unknown as DatasetFacetsDto;
    const total = result.total;
    for (const f of facetRows)
      facets[f.facet as keyof DatasetFacetsDto].push({ value: f.value, count: f.count });
    for (const list of Object.values(facets) as FacetValueDto[][])
      list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      items: page.map(toSummary),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor([last.rank, new Date(last.created_at).toISOString(), last.id])
          : null,
      total,
      facets,
    };
  }
}

export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * One SQL statement per search: the match is computed once and feeds both the page and the total
 * with every facet (returned as JSON columns). Exported so the benchmark issues exactly this
 * statement as its PostgreSQL baseline.
 */
export function searchStatement(query: SearchDatasetsQueryDto, viewer: Viewer): Statement {
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (!isOperator(viewer)) {
    // Drafts are the provider's own workspace.
    where.push(`(d.status <> 'draft' OR d.provider_id::text = ${p(viewer.subject)})`);
  }
  where.push(`d.status = ANY(${p(query.status ?? ['published', 'deprecated'])}::text[])`);
  if (query.theme) where.push(`d.themes && ${p(query.theme)}::text[]`);
  if (query.provider) where.push(`d.provider_id = ${p(query.provider)}::uuid`);
  if (query.providerKind) where.push(`pr.kind = ANY(${p(query.providerKind)}::text[])`);
  if (query.sensitivity) where.push(`d.sensitivity = ANY(${p(query.sensitivity)}::text[])`);
  if (query.licence) where.push(`d.licence = ANY(${p(query.licence)}::text[])`);
  let rank = '0::real';
  if (query.q?.trim()) {
    const tsq = `websearch_to_tsquery('simple', ${p(query.q)})`;
    where.push(`d.search @@ ${tsq}`);
    rank = `ts_rank(d.search, ${tsq})`;
  }
  // Narrow rows while matching and ordering; the wide columns are read for the page rows only.
  const matched = `
      SELECT d.id, d.created_at, d.themes, d.sensitivity, d.licence, d.status,
             pr.kind AS provider_kind, ${rank} AS rank
      FROM catalog.datasets d JOIN catalog.participants pr ON pr.id = d.provider_id
      WHERE ${where.join(' AND ')}`;

  // The cursor is the last row's position in the order shown (rank, newest, id): rank alone ties
  // for every dataset when there is no text query.
  const after = decodeCursor(query.cursor, 3, isSearchPosition);
  const keyset = after
    ? `WHERE (m.rank, m.created_at, m.id) < (${p(after[0])}::real, ${p(after[1])}::timestamptz, ${p(after[2])}::uuid)`
    : '';
  // MATERIALIZED says what PostgreSQL does anyway for a CTE used more than once: the match runs
  // once, for the page, the total and the facets alike. Facets count every matching dataset, not
  // the page: each says how many results its value would leave.
  return {
    text: `WITH m AS MATERIALIZED (${matched}),
       top AS (SELECT m.id, m.rank, m.created_at FROM m ${keyset}
               ORDER BY m.rank DESC, m.created_at DESC, m.id DESC LIMIT ${p(query.limit + 1)}),
       page AS (
         SELECT top.rank, d.id, d.title, d.description, d.themes, d.keywords, d.licence, d.sensitivity,
                d.visibility, d.update_frequency, d.status, d.provider_id, d.latest_schema_version,
                d.created_at, d.updated_at, d.version, pr.name AS provider_name, pr.kind AS provider_kind,
                t.tier AS trust_tier, t.lower_bound AS trust_lower_bound
         FROM top
         JOIN catalog.datasets d ON d.id = top.id
         JOIN catalog.participants pr ON pr.id = d.provider_id
         LEFT JOIN catalog.participant_trust t ON t.participant_id = d.provider_id AND t.role = 'provider'),
       facets AS (
         ${FACETS.map(
           ([name, expr]) =>
             `SELECT '${name}' AS facet, v AS value, count(*)::int AS count FROM (SELECT ${expr} AS v FROM m) f GROUP BY v`,
         ).join('\n         UNION ALL ')})
     SELECT
       (SELECT coalesce(json_agg(page ORDER BY page.rank DESC, page.created_at DESC, page.id DESC), '[]') FROM page) AS items,
       (SELECT count(*)::int FROM m) AS total,
       (SELECT coalesce(json_agg(facets), '[]') FROM facets) AS facets`,
    params,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isSearchPosition(v: unknown[]): v is [number, string, string] {
  const [rank, created, id] = v;
  return (
    typeof rank === 'number' &&
    Number.isFinite(rank) &&
    typeof created === 'string' &&
    !Number.isNaN(Date.parse(created)) &&
    typeof id === 'string' &&
    UUID.test(id)
  );
}

function toSummary(r: Row): DatasetSummaryDto {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    themes: r.themes,
    keywords: r.keywords,
    licence: r.licence,
    sensitivity: r.sensitivity,
    visibility: r.visibility,
    updateFrequency: r.update_frequency,
    status: r.status,
    provider: {
      id: r.provider_id,
      name: r.provider_name,
      kind: r.provider_kind,
      trustTier: r.trust_tier,
      trustLowerBound: r.trust_lower_bound,
    },
    latestSchemaVersion: r.latest_schema_version,
    rank: r.rank,
    updatedAt: new Date(r.updated_at).toISOString(),
    version: r.version,
  };
}

/** How PostgreSQL runs a search statement, executed (EXPLAIN ANALYZE, BUFFERS): explain-search.ts. */
export async function explainStatement(ds: DataSource, statement: Statement): Promise<string[]> {
  const plan = await ds.query<Array<{ 'QUERY PLAN': string }>>(
    `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
    statement.params,
  );
  return plan.map((r) => r['QUERY PLAN']);
}
