import type { EntityManager } from 'typeorm';
import type { TrustTier } from '@dx/contracts';
import type {
  ContactPoint,
  Dataset,
  DatasetStore,
  ProviderFacts,
  ProviderTrust,
  SchemaVersion,
  SpatialCoverage,
  TemporalCoverage,
  Translations,
} from '../domain/dataset';
import { datasetMetadata, schemaVersionPayload } from './dataset-snapshot';

export interface SchemaDifferenceView {
  path: string;
  change: string;
  breaking: boolean;
  message: string;
}

/** A schema version as the API shows it; the response DTO implements it. */
export interface SchemaVersionView {
  version: number;
  schema: Record<string, unknown>;
  primaryKey: string[];
  subjectField?: string;
  timeField?: string;
  geoField?: string;
  /** Absent for version 1. */
  compatibility?: 'compatible' | 'breaking';
  differences: SchemaDifferenceView[];
  announcedAt: string;
  effectiveAt: string;
  noticeSeconds: number;
  unannounced: boolean;
}

export interface ProviderSummaryView {
  id: string;
  name: string;
  kind: string;
  /** Null until the trust service has scored the provider. */
  trustTier: TrustTier | null;
  // The conservative bound, not the score: tiers and rankings use it so that a little evidence
  // cannot outrank a long record (docs/trust-model.md §5).
  trustLowerBound: number | null;
}

/** A dataset as the API shows it: with its provider, trust tier and the schema in force. */
export interface DatasetView {
  id: string;
  provider: ProviderSummaryView;
  title: string;
  description: string;
  themes: string[];
  keywords: string[];
  translations: Translations;
  licence: string;
  sensitivity: string;
  visibility: string;
  updateFrequency: string;
  spatialCoverage: SpatialCoverage;
  temporalCoverage: TemporalCoverage;
  legalBasis: string;
  citizenServices: string[];
  contactPoint: ContactPoint;
  status: string;
  statusReason?: string;
  latestSchemaVersion: number;
  currentSchema: SchemaVersionView;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  version: number;
}

export function toSchemaVersionView(v: SchemaVersion): SchemaVersionView {
  // The event's payload, with how the version differs from the one before.
  return {
    ...schemaVersionPayload(v),
    ...(v.compatibility ? { compatibility: v.compatibility } : {}),
    differences: v.differences,
    noticeSeconds: v.noticeSeconds,
    unannounced: v.unannounced,
  };
}

/**
 * The provider and its trust come from catalog's own tables (the participant directory and the
 * trust replica), so showing a dataset never waits on the trust service.
 */
export function toDatasetView(
  d: Dataset,
  ctx: {
    provider: Pick<ProviderFacts, 'id' | 'name' | 'kind'>;
    currentSchema: SchemaVersion;
    trust: ProviderTrust | null;
  },
): DatasetView {
  return {
    id: d.id,
    provider: {
      id: ctx.provider.id,
      name: ctx.provider.name,
      kind: ctx.provider.kind,
      trustTier: ctx.trust?.tier ?? null,
      trustLowerBound: ctx.trust?.lowerBound ?? null,
    },
    ...datasetMetadata(d),
    ...(d.statusReason ? { statusReason: d.statusReason } : {}),
    currentSchema: toSchemaVersionView(ctx.currentSchema),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    ...(d.publishedAt ? { publishedAt: d.publishedAt.toISOString() } : {}),
  };
}

/** A dataset with its provider, trust tier and the schema in force at `at` (business time). */
export async function datasetView(
  store: DatasetStore<EntityManager>,
  em: EntityManager,
  d: Dataset,
  at: Date,
): Promise<DatasetView> {
  // Sequential on purpose: inside a transaction they share one connection.
  const provider = await store.provider(em, d.providerId);
  // The provider is a foreign key of the dataset: it exists.
  if (!provider) throw new Error(`dataset ${d.id}: provider ${d.providerId} is missing`);
  const trust = await store.providerTrust(em, d.providerId);
  const currentSchema = await store.schemaInForce(em, d.id, at);
  return toDatasetView(d, { provider, currentSchema, trust });
}
