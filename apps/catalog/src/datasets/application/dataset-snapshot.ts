import type { ActorV1, DatasetSnapshotV1, RecordSchemaVersionV1 } from '@dx/contracts';
import type { ParticipantKind } from '@dx/contracts';
import type { Viewer } from '../domain/dataset-access';
import type { Dataset, SchemaVersion } from '../domain/dataset';

/** The descriptive metadata, as events and views carry it. */
export function datasetMetadata(d: Dataset) {
  return {
    title: d.title,
    description: d.description,
    themes: d.themes,
    keywords: d.keywords,
    translations: d.translations,
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

/**
 * The whole dataset, as every `catalog.dataset.*` event carries it: consent and integration keep
 * their replicas from the events alone (event-carried state), so an event that named only the
 * changed fields would leave a replica that missed one event wrong for good.
 */
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

/** A schema version as events carry it; optional fields are left out rather than sent as null. */
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

/**
 * Who made a change, for the event: an operator acting on someone's dataset is recorded as the
 * operator, whatever other roles its token carries.
 */
export function actorOf(v: Viewer): ActorV1 {
  return {
    subject: v.subject,
    role: v.roles.includes('operator') ? 'operator' : (v.roles[0] as ActorV1['role']),
  };
}
