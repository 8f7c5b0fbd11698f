import { isEventOf } from './event-definition';
import { checkEnvelope } from './registry';
import { DeliveryCompletedV1 } from './events/integration/delivery-completed.v1';
import { DeliveryRejectedV1 } from './events/integration/delivery-rejected.v1';
import { ParticipantRegisteredV1 } from './events/catalog/participant-registered.v1';
import { ViewRefreshedV1 } from './events/integration/view-refreshed.v1';

describe('EventDefinition.envelope', () => {
  it('builds a valid envelope from the definition: type, schema version, key as subject, the given time', () => {
    const data = ParticipantRegisteredV1.example;
    const e = ParticipantRegisteredV1.envelope(data, {
      source: 'catalog',
      time: new Date('2025-03-01T10:00:00Z'),
    });
    expect(e).toMatchObject({
      type: 'catalog.participant.registered',
      dataschema: `catalog.participant.registered/${ParticipantRegisteredV1.version}`,
      source: 'catalog',
      subject: ParticipantRegisteredV1.keyOf(data),
      time: '2025-03-01T10:00:00.000Z',
      data,
    });
    expect(e.correlationid).toBe(e.id);
    expect(checkEnvelope(JSON.parse(JSON.stringify(e))).ok).toBe(true);
  });

  it('keeps a subject, correlation and causation given by the publisher', () => {
    const e = DeliveryCompletedV1.envelope(DeliveryCompletedV1.example, {
      source: 'integration',
      time: new Date(),
      subject: 'dataset-1',
      correlationId: 'c-1',
      causationId: 'e-0',
    });
    expect(e).toMatchObject({ subject: 'dataset-1', correlationid: 'c-1', causationid: 'e-0' });
  });
});

describe('EventDefinition.is', () => {
  const meta = { source: 'integration', time: new Date('2025-03-01T10:00:00Z') };
  const completed = DeliveryCompletedV1.envelope(DeliveryCompletedV1.example, meta);

  it('knows its own envelopes and no other type', () => {
    expect(DeliveryCompletedV1.is(completed)).toBe(true);
    const registered = ParticipantRegisteredV1.envelope(ParticipantRegisteredV1.example, meta);
    expect(DeliveryCompletedV1.is(registered)).toBe(false);
    const rejected = DeliveryRejectedV1.envelope(DeliveryRejectedV1.example, meta);
    expect(isEventOf([DeliveryRejectedV1, DeliveryCompletedV1], completed)).toBe(true);
    expect(isEventOf([DeliveryRejectedV1], completed)).toBe(false);
    expect(isEventOf([DeliveryRejectedV1], rejected)).toBe(true);
  });

  it('does not take another version of the same type for its own', () => {
    const v2 = { ...completed, dataschema: 'integration.delivery.completed/2' };
    expect(DeliveryCompletedV1.is(v2)).toBe(false);
  });
});

describe('schemas checked against their payload types', () => {
  const envelope = (trigger: unknown) =>
    JSON.parse(
      JSON.stringify(
        ViewRefreshedV1.envelope(
          { ...ViewRefreshedV1.example, trigger } as typeof ViewRefreshedV1.example,
          { source: 'integration', time: new Date('2025-03-01T10:00:00Z') },
        ),
      ),
    );

  it('accepts each shape of a view trigger the payload type allows', () => {
    for (const trigger of [
      { kind: 'created' },
      {
        kind: 'delivery',
        datasetId: ViewRefreshedV1.example.leftDatasetId,
        deliveryId: ViewRefreshedV1.example.viewId,
      },
      { kind: 'erasure', datasetId: ViewRefreshedV1.example.leftDatasetId, subjectId: 'S-1' },
      { kind: 'retention', datasetId: ViewRefreshedV1.example.leftDatasetId },
    ])
      expect(checkEnvelope(envelope(trigger)).ok).toBe(true);
  });

  it('refuses a trigger the type does not allow (a delivery trigger without its delivery)', () => {
    const check = checkEnvelope(
      envelope({ kind: 'delivery', datasetId: ViewRefreshedV1.example.leftDatasetId }),
    );
    expect(check.ok).toBe(false);
    expect(JSON.stringify(check)).toContain('trigger');
  });
});
