import type { ActorV1, DatasetSnapshotV1, RecordSchemaVersionV1 } from '@dx/contracts';
import type { ParticipantKind } from '@dx/contracts';
import type { Viewer } from '../domain/dataset-access';
import type { Dataset, SchemaVersion } from '../domain/dataset';

/** The metadata every `catalog.dataset.*` event carries. */
/** The descriptive metadata, as events and views carry it. */
export function datasetMetadata(d: Dataset) {
  return {
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
  };
}

export function datasetSnapshot(d: Dataset, providerKind: ParticipantKind): DatasetSnapshotV1 {
  return {
    datasetId: d.id,
    providerId: d.providerId,
    providerKind,
    ...datasetMetadata(d),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function schemaVersionPayload(v: SchemaVersion): RecordSchemaVersionV1 {
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
