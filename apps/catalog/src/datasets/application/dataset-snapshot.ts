import type { ActorV1, DatasetSnapshotV1, RecordSchemaVersionV1 } from '@dx/contracts';
import type { ParticipantKind } from '@dx/contracts';
import type { Viewer } from '../domain/dataset-access';
import type { DatasetOrmEntity } from '../persistence/dataset.orm-entity';
import type { SchemaVersionOrmEntity } from '../persistence/schema-version.orm-entity';

/** The metadata every `catalog.dataset.*` event carries. */
export function datasetSnapshot(
  d: DatasetOrmEntity,
  providerKind: ParticipantKind,
): DatasetSnapshotV1 {
  return {
    datasetId: d.id,
    providerId: d.providerId,
    providerKind,
    title: d.title,
    description: d.description,
    themes: d.themes,
    keywords: d.keywords,
    licence: d.licence,
    sensitivity: d.sensitivity,
    visibility: d.visibility,
    updateFrequency: d.updateFrequency,
    spatialCoverage: d.spatialCoverage,
    temporalCoverage: d.temporalCoverage,
    legalBasis: d.legalBasis,
    citizenServices: d.citizenServices,
    contactPoint: d.contactPoint,
    status: d.status,
    latestSchemaVersion: d.latestSchemaVersion,
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function schemaVersionPayload(v: SchemaVersionOrmEntity): RecordSchemaVersionV1 {
  return {
    version: v.version,
    schema: v.schema,
    primaryKey: v.primaryKey,
    ...(v.subjectField ? { subjectField: v.subjectField } : {}),
    ...(v.timeField ? { timeField: v.timeField } : {}),
    ...(v.geoField ? { geoField: v.geoField } : {}),
    announcedAt: v.announcedAt.toISOString(),
    effectiveAt: v.effectiveAt.toISOString(),
  };
}

export function actorOf(v: Viewer): ActorV1 {
  return {
    subject: v.subject,
    role: v.roles.includes('operator') ? 'operator' : (v.roles[0] as ActorV1['role']),
  };
}
