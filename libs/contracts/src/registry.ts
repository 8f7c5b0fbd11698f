import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { envelopeJsonSchema, type EventEnvelope } from './envelope';
import type { EventDefinition } from './event-definition';
import { ParticipantRegisteredV1 } from './events/catalog/participant-registered.v1';
import { ParticipantUpdatedV1 } from './events/catalog/participant-updated.v1';
import { ParticipantSuspendedV1 } from './events/catalog/participant-suspended.v1';
import { ParticipantReinstatedV1 } from './events/catalog/participant-reinstated.v1';
import { StandardAdoptedV1 } from './events/catalog/standard-adopted.v1';
import { StandardRevokedV1 } from './events/catalog/standard-revoked.v1';
import { DatasetCreatedV1 } from './events/catalog/dataset-created.v1';
import { DatasetUpdatedV1 } from './events/catalog/dataset-updated.v1';
import { DatasetPublishedV1 } from './events/catalog/dataset-published.v1';
import { DatasetSchemaVersionAddedV1 } from './events/catalog/dataset-schema-version-added.v1';
import { DatasetDeprecatedV1 } from './events/catalog/dataset-deprecated.v1';
import { DatasetWithdrawnV1 } from './events/catalog/dataset-withdrawn.v1';
import { AGREEMENT_EVENTS } from './events/consent/agreement-events.v1';
import { OBLIGATION_EVENTS } from './events/consent/obligation-events.v1';
import {
  SUBJECT_CONSENT_EVENTS,
  SubjectErasureRequestedV1,
} from './events/consent/subject-consent-events.v1';
import { GOVERNANCE_EVENTS } from './events/consent/governance-events.v1';
import { DeliveryReceivedV1 } from './events/integration/delivery-received.v1';
import { DeliveryCompletedV1 } from './events/integration/delivery-completed.v1';
import { DeliveryRejectedV1 } from './events/integration/delivery-rejected.v1';
import { ACCESS_EVENTS } from './events/integration/access-events.v1';
import { ViewRefreshedV1 } from './events/integration/view-refreshed.v1';
import { RecordsErasedV1 } from './events/integration/records-erased.v1';
import { TrustAlertRaisedV1 } from './events/trust/alert-raised.v1';
import { TrustScoreUpdatedV1 } from './events/trust/score-updated.v1';
import { TrustCommitmentUpdatedV1 } from './events/trust/commitment-updated.v1';
import type { FieldError } from './errors';

/** Every event version the platform knows. Adding a version means adding a file and a line here. */
export const EVENT_DEFINITIONS: readonly EventDefinition<string, never>[] = [
  ParticipantRegisteredV1,
  ParticipantUpdatedV1,
  ParticipantSuspendedV1,
  ParticipantReinstatedV1,
  StandardAdoptedV1,
  StandardRevokedV1,
  DatasetCreatedV1,
  DatasetUpdatedV1,
  DatasetPublishedV1,
  DatasetSchemaVersionAddedV1,
  DatasetDeprecatedV1,
  DatasetWithdrawnV1,
  ...AGREEMENT_EVENTS,
  ...OBLIGATION_EVENTS,
  ...SUBJECT_CONSENT_EVENTS,
  SubjectErasureRequestedV1,
  ...GOVERNANCE_EVENTS,
  DeliveryReceivedV1,
  DeliveryCompletedV1,
  DeliveryRejectedV1,
  ...ACCESS_EVENTS,
  ViewRefreshedV1,
  RecordsErasedV1,
  TrustScoreUpdatedV1,
  TrustCommitmentUpdatedV1,
  TrustAlertRaisedV1,
] as unknown as EventDefinition<string, never>[];

const byDataschema = new Map(EVENT_DEFINITIONS.map((d) => [`${d.type}/${d.version}`, d]));

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateEnvelopeShape = ajv.compile(envelopeJsonSchema);
// Compiled once at module load: validation is on the consumer hot path.
const dataValidators = new Map<string, ValidateFunction>(
  EVENT_DEFINITIONS.map((d) => [`${d.type}/${d.version}`, ajv.compile(d.schema)]),
);

export function findEventDefinition(
  dataschema: string,
): EventDefinition<string, never> | undefined {
  return byDataschema.get(dataschema);
}

function toFieldErrors(prefix: string, errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => ({
    path: `${prefix}${e.instancePath}` || '/',
    message:
      e.keyword === 'required'
        ? `missing required property '${String((e.params as { missingProperty: string }).missingProperty)}'`
        : (e.message ?? 'is invalid'),
  }));
}

export type EnvelopeCheck =
  { ok: true; envelope: EventEnvelope; known: boolean } | { ok: false; errors: FieldError[] };

/**
 * Checks a decoded record against the envelope schema and, when the event version is known, its
 * payload schema. Unknown types pass with `known: false` (a newer producer may be ahead of us).
 */
export function checkEnvelope(value: unknown): EnvelopeCheck {
  if (!validateEnvelopeShape(value)) {
    return { ok: false, errors: toFieldErrors('', validateEnvelopeShape.errors) };
  }
  const envelope = value as unknown as EventEnvelope;
  const validate = dataValidators.get(envelope.dataschema);
  if (!validate) return { ok: true, envelope, known: false };
  if (!validate(envelope.data))
    return { ok: false, errors: toFieldErrors('/data', validate.errors) };
  return { ok: true, envelope, known: true };
}
