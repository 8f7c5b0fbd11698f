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
import { SearchCounts } from '../../shared/search-counts';

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
 * Ranked full-text search with filters, facet counts and keyset pagination. Ranking weighs title (A)
 * over keywords (B) over description (C); ties fall back to the newest. The 'simple' text
 * configuration keeps Kazakh, Russian and English words as written (no stemming that would mangle
 * two of them).
 *
 * Two statements: the page, ranked and fresh on every request, and the counts (total and five
 * facets over the whole match), which cost as much again (they read every matching row) and change
 * only when datasets do: they come from `SearchCounts`, at most SEARCH_COUNTS_MAX_AGE_MS old, and
 * the response says when they were counted (docs/adr/2026-12-06-catalog-search-counts.md).
 */
@Injectable()
export class SearchDatasetsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly counts: SearchCounts,
  ) {}

  async execute(query: SearchDatasetsQueryDto, viewer: Viewer): Promise<SearchDatasetsResponseDto> {
    const statements = searchStatements(query, viewer);
    // Both at once, on two connections: when the counts are due, a search waits for the longer of
    // the two statements, not for their sum.
    const [[result], counted] = await Promise.all([
      this.dataSource.query<Array<{ items: Row[] }>>(statements.page.text, statements.page.params),
      this.counts.get(statements.counts, () => this.count(statements.counts)),
    ]);
    const rows = result.items;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toSummary),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor([last.rank, new Date(last.created_at).toISOString(), last.id])
          : null,
      total: counted.total,
      facets: counted.facets,
      countedAt: counted.countedAt.toISOString(),
    };
  }

  private async count(statement: Statement): Promise<Counted> {
    // Taken before the statement is sent: its snapshot is at least this recent.
    const countedAt = new Date();
    const [result] = await this.dataSource.query<
      Array<{ total: number; facets: Array<{ facet: string; value: string; count: number }> }>
    >(statement.text, statement.params);
    return { total: result.total, facets: facetsOf(result.facets), countedAt };
  }
}

/** Total and facets of one search, with the time they were counted. */
export interface Counted {
  total: number;
  facets: DatasetFacetsDto;
  countedAt: Date;
}

/**
 * Every facet is present, empty when nothing matched, so a client need not test for it; the values
 * are ordered most frequent first, then by name, a stable order to display as is.
 */
function facetsOf(rows: Array<{ facet: string; value: string; count: number }>): DatasetFacetsDto {
  const facets = Object.fromEntries(
    FACETS.map(([name]) => [name, []]),
  ) as unknown as DatasetFacetsDto;
  for (const f of rows)
    facets[f.facet as keyof DatasetFacetsDto].push({ value: f.value, count: f.count });
  for (const list of Object.values(facets) as FacetValueDto[][])
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return facets;
}

export interface Statement {
  text: string;
  params: unknown[];
}

/** The two statements of one search: its page and its counts. */
export interface SearchStatements {
  page: Statement;
  counts: Statement;
}

/**
 * The statements a search issues, built from the same match (visibility, filters, text). Exported
 * so explain-search shows their plans and the benchmark issues exactly these as its baseline.
 */
export function searchStatements(query: SearchDatasetsQueryDto, viewer: Viewer): SearchStatements {
  return { page: pageStatement(query, viewer), counts: countsStatement(query, viewer) };
}

/** The match's WHERE clause, with its parameters appended to `params`; the rank expression. */
function matchOf(
  query: SearchDatasetsQueryDto,
  viewer: Viewer,
  params: unknown[],
): { where: string; rank: string; needsProvider: boolean } {
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
  return { where: where.join(' AND '), rank, needsProvider: Boolean(query.providerKind) };
}

/**
 * The page: the match ranked, cut after the cursor to one row more than asked (to know whether a
 * next page exists), then the wide columns, the provider and its trust for those rows only.
 */
function pageStatement(query: SearchDatasetsQueryDto, viewer: Viewer): Statement {
  const params: unknown[] = [];
  const { where, rank, needsProvider } = matchOf(query, viewer, params);
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  // The cursor is the last row's position in the order shown (rank, newest, id): rank alone ties
  // for every dataset when there is no text query.
  const after = decodeCursor(query.cursor, 3, isSearchPosition);
  const keyset = after
    ? `WHERE (m.rank, m.created_at, m.id) < (${p(after[0])}::real, ${p(after[1])}::timestamptz, ${p(after[2])}::uuid)`
    : '';
  // The participants join is there only when a filter needs the provider's kind.
  const join = needsProvider ? 'JOIN catalog.participants pr ON pr.id = d.provider_id' : '';
  return {
    text: `WITH m AS (
         SELECT d.id, d.created_at, ${rank} AS rank
         FROM catalog.datasets d ${join}
         WHERE ${where}),
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
         LEFT JOIN catalog.participant_trust t ON t.participant_id = d.provider_id AND t.role = 'provider')
     SELECT coalesce(json_agg(page ORDER BY page.rank DESC, page.created_at DESC, page.id DESC), '[]') AS items
     FROM page`,
    params,
  };
}

/**
 * The counts: how many datasets match, and per facet how many results each value would leave
 * (every matching dataset, not the page; the cursor plays no part, so one count serves every page).
 * MATERIALIZED says what PostgreSQL does anyway for a CTE used more than once: the match runs once
 * for the total and the five facets.
 */
function countsStatement(query: SearchDatasetsQueryDto, viewer: Viewer): Statement {
  const params: unknown[] = [];
  const { where } = matchOf(query, viewer, params);
  return {
    text: `WITH m AS MATERIALIZED (
         SELECT d.themes, d.sensitivity, d.licence, d.status, pr.kind AS provider_kind
         FROM catalog.datasets d JOIN catalog.participants pr ON pr.id = d.provider_id
         WHERE ${where}),
       facets AS (
         ${FACETS.map(
           ([name, expr]) =>
             `SELECT '${name}' AS facet, v AS value, count(*)::int AS count FROM (SELECT ${expr} AS v FROM m) f GROUP BY v`,
         ).join('\n         UNION ALL ')})
     SELECT (SELECT count(*)::int FROM m) AS total,
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
