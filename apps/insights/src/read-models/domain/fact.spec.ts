import {
  createEnvelope,
  DatasetPublishedV1,
  DeliveryFulfilledV1,
  ParticipantRegisteredV1,
  TrustScoreUpdatedV1,
  type EventDefinition,
} from '@dx/contracts';
import { factOf } from './fact';

const envelope = <T extends object>(def: EventDefinition<string, T>, data: T, time?: Date) =>
  createEnvelope({
    type: def.type,
    version: def.version,
    source: 'test',
    subject: 'x',
    data,
    time: time ?? new Date(),
  });

describe('factOf', () => {
  it('dates an event by its payload, not its arrival, and names who it concerns', () => {
    const e = envelope(DeliveryFulfilledV1, DeliveryFulfilledV1.example, new Date('2030-01-01'));
    const f = factOf(e, DeliveryFulfilledV1.topic);
    expect(f).toMatchObject({
      eventId: e.id,
      type: 'consent.obligation.delivery-fulfilled',
      topic: 'consent.obligation.v1',
      occurredAt: DeliveryFulfilledV1.example.occurredAt,
      agreementId: DeliveryFulfilledV1.example.agreementId,
      providerId: DeliveryFulfilledV1.example.providerId,
      consumerId: DeliveryFulfilledV1.example.consumerId,
      datasetId: DeliveryFulfilledV1.example.datasetId,
      participantId: null,
    });
  });

  it('reads the dataset and provider of catalog events from the nested dataset', () => {
    const f = factOf(
      envelope(DatasetPublishedV1, DatasetPublishedV1.example),
      'catalog.dataset.v1',
    );
    expect(f.datasetId).toBe(DatasetPublishedV1.example.dataset.datasetId);
    expect(f.providerId).toBe(DatasetPublishedV1.example.dataset.providerId);
  });

  it('uses the registration and computation times of participants and scores', () => {
    expect(
      factOf(envelope(ParticipantRegisteredV1, ParticipantRegisteredV1.example), 'p').occurredAt,
    ).toBe(ParticipantRegisteredV1.example.registeredAt);
    const score = factOf(envelope(TrustScoreUpdatedV1, TrustScoreUpdatedV1.example), 't');
    expect(score.occurredAt).toBe(TrustScoreUpdatedV1.example.computedAt);
    expect(score.participantId).toBe(TrustScoreUpdatedV1.example.participantId);
  });

  it('falls back to the envelope time when the payload has none', () => {
    const e = envelope(DeliveryFulfilledV1, { ...DeliveryFulfilledV1.example, occurredAt: '' });
    expect(factOf(e, 't').occurredAt).toBe(e.time);
  });
});
