import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, SERVICE_CONFIG, API_PREFIX } from '@dx/service-kit';
import type { CatalogConfig } from '../../config/catalog.config';
import { dcatCatalog, dcatDataset, type DcatDatasetInput } from '@dx/dataspace';

interface Row {
  id: string;
  title: string;
  description: string;
  themes: string[];
  keywords: string[];
  translations: DcatDatasetInput['translations'];
  licence_uri: string;
  update_frequency: string;
  spatial_coverage: { name: string; uri?: string; bbox?: number[] };
  temporal_coverage: { start: string; end?: string };
  contact_point: { name: string; email: string };
  status: string;
  published_at: Date | null;
  updated_at: Date;
  latest_schema_version: number;
  provider_id: string;
  provider_name: string;
  provider_kind: string;
}

// Paged by id, an order that never moves: a harvester walking the pages while datasets change
// does not skip one (newest-first order would shift under it).
const isPosition = (v: unknown[]): v is [string] =>
  typeof v[0] === 'string' && /^[0-9a-f-]{36}$/i.test(v[0]);

/**
 * The public part of the catalogue as DCAT-AP 3: published or deprecated datasets whose
 * visibility is `public`, paged with Hydra (harvesters follow `hydra:next`).
 */
@Injectable()
export class ExportDcatCatalogHandler {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CatalogConfig,
  ) {}

  async execute(limit: number, cursor?: string): Promise<Record<string, unknown>> {
    const after = decodeCursor(cursor, 1, isPosition);
    const rows: Row[] = await this.dataSource.query(
      `SELECT d.id, d.title, d.description, d.themes, d.keywords, d.translations, l.uri AS licence_uri,
              d.update_frequency, d.spatial_coverage, d.temporal_coverage, d.contact_point,
              d.status, d.published_at, d.updated_at, d.latest_schema_version,
              p.id AS provider_id, p.name AS provider_name, p.kind AS provider_kind
       FROM catalog.datasets d
       JOIN catalog.participants p ON p.id = d.provider_id
       JOIN catalog.licences l ON l.code = d.licence
       WHERE d.visibility = 'public' AND d.status IN ('published', 'deprecated')
         AND ($1::uuid IS NULL OR d.id > $1::uuid)
       ORDER BY d.id
       LIMIT $2`,
      [after?.[0] ?? null, limit + 1],
    );
    // Identifiers and the next page are absolute URIs under the public address, as DCAT-AP
    // harvesters expect; behind a proxy the service's own address would be unreachable.
    const base = this.config.PUBLIC_BASE_URL.replace(/\/$/, '');
    // Datasets, providers and pages are identified by their address in the partner API.
    const apiBase = `${base}${API_PREFIX}`;
    const page = rows.slice(0, limit);
    const next =
      rows.length > limit
        ? `${apiBase}/dcat/catalog?limit=${limit}&cursor=${encodeCursor([page[page.length - 1].id])}`
        : null;
    return dcatCatalog(
      base,
      apiBase,
      page.map((r) =>
        dcatDataset(apiBase, {
          id: r.id,
          title: r.title,
          description: r.description,
          themes: r.themes,
          keywords: r.keywords,
          translations: r.translations,
          licenceUri: r.licence_uri,
          updateFrequency: r.update_frequency,
          spatialCoverage: r.spatial_coverage,
          temporalCoverage: r.temporal_coverage,
          contactPoint: r.contact_point,
          status: r.status,
          publishedAt: r.published_at,
          updatedAt: r.updated_at,
          latestSchemaVersion: r.latest_schema_version,
          provider: { id: r.provider_id, name: r.provider_name, kind: r.provider_kind },
        }),
      ),
      next,
    );
  }
}
