import { randomUUID } from 'node:crypto';
import {
  AgreementActivatedV1,
  createEnvelope,
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  Header,
  ParticipantRegisteredV1,
  StandardAdoptedV1,
  Topics,
  type EventDefinition,
} from '@dx/contracts';
import { produceRaw, waitFor } from '@dx/testing';
import { TrustHarness } from '../../test/trust-harness';

/*
 * The evidence consumer, the standards consumer and the rescorer work on the same participants at
 * once (rescoring without delay, events in bursts): none of them may deadlock with another. The
 * database's own deadlock counter for this test database is read after the service's connections
 * have closed (a backend reports its statistics when it exits).
 */
const DAY = 86_400_000;
let h: TrustHarness;

beforeAll(async () => {
  h = await TrustHarness.start({ TRUST_RESCORE_DELAY_MS: '0' });
});

afterAll(async () => {
  await h?.close();
});

function record<T extends object>(def: EventDefinition<string, T>, key: string, data: T) {
  const e = createEnvelope({
    time: new Date(),
    type: def.type,
    version: def.version,
    source: 'test',
    subject: key,
    data,
  });
  return {
    id: e.id,
    message: {
      key,
      value: JSON.stringify(e),
      headers: { [Header.ceId]: e.id, [Header.ceType]: e.type },
    },
  };
}

it('scores bursts of evidence and standards for the same participants without a deadlock', async () => {
  const deadlocks = async () =>
    Number(
      (
        await h.sql<{ n: string }>(
          `SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
      )[0].n,
    );
  const before = await deadlocks();
  const people = Array.from({ length: 6 }, () => randomUUID());
  const ids: string[] = [];
  const send = async (topic: string, batch: Array<ReturnType<typeof record>>) => {
    ids.push(...batch.map((b) => b.id));
    await produceRaw(
      `${h.prefix}${topic}`,
      batch.map((b) => b.message),
    );
  };
  await send(
    Topics.catalogParticipant,
    people.map((p, i) =>
      record(ParticipantRegisteredV1, p, {
        ...ParticipantRegisteredV1.example,
        participantId: p,
        name: `Participant ${i}`,
      }),
    ),
  );
  // Each participant provides to the next one: both roles of everyone get evidence.
  const agreements = people.map((provider, i) => ({
    agreementId: randomUUID(),
    provider,
    consumer: people[(i + 1) % people.length],
  }));
  await send(
    Topics.consentAgreement,
    agreements.map((a) =>
      record(AgreementActivatedV1, a.agreementId, {
        ...AgreementActivatedV1.example,
        agreementId: a.agreementId,
        datasetId: randomUUID(),
        providerId: a.provider,
        consumerId: a.consumer,
        version: 3,
        occurredAt: new Date(Date.now() - 60 * DAY).toISOString(),
      }),
    ),
  );
  for (let round = 0; round < 8; round++) {
    const obligations = agreements.flatMap((a, i) =>
      Array.from({ length: 4 }, (_, k) => {
        const sequence = round * 4 + k + 1;
        const dueAt = new Date(Date.now() - (50 - sequence) * DAY).toISOString();
        const data = {
          ...DeliveryFulfilledV1.example,
          agreementId: a.agreementId,
          providerId: a.provider,
          consumerId: a.consumer,
          obligationId: randomUUID(),
          sequence,
          dueAt,
          graceUntil: new Date(Date.parse(dueAt) + 6 * 3600_000).toISOString(),
          occurredAt: dueAt,
        };
        return (i + k) % 3 === 0
          ? record(DeliveryMissedV1, a.agreementId, data)
          : record(DeliveryFulfilledV1, a.agreementId, {
              ...data,
              deliveryId: randomUUID(),
              deliveredAt: dueAt,
              onTime: true,
              latenessSeconds: 0,
            });
      }),
    );
    const standards = people.map((p) =>
      record(StandardAdoptedV1, p, {
        participantId: p,
        standardCode: 'open-licence',
        adoptedAt: new Date().toISOString(),
        adoptedStandards: round % 2 ? ['open-licence'] : ['city-data-charter-v1', 'open-licence'],
      }),
    );
    await Promise.all([
      send(Topics.consentObligation, obligations),
      send(Topics.catalogParticipant, standards),
    ]);
  }
  // Everything consumed (by id, in whichever group handles it) and rescored.
  await waitFor(
    async () =>
      (
        await h.sql<{ n: number }>(
          `SELECT count(DISTINCT event_id)::int AS n FROM trust.inbox WHERE event_id = ANY($1::uuid[])`,
          [ids],
        )
      )[0].n,
    { until: (n) => n === ids.length, what: 'every event consumed', timeoutMs: 60_000 },
  );
  await waitFor(
    async () =>
      (await h.sql<{ n: number }>(`SELECT count(*)::int AS n FROM trust.rescore_queue`))[0].n,
    { until: (n) => n === 0, what: 'rescore queue drained', timeoutMs: 30_000 },
  );
  const evidence = await h.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM trust.evidence WHERE participant_id = ANY($1::uuid[])`,
    [people],
  );
  expect(evidence[0].n).toBeGreaterThanOrEqual(8 * 4 * people.length);

  // The service's backends report their statistics as they exit.
  await h.app.close();
  await waitFor(
    async () =>
      (
        await h.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND usename = 'dx_trust'`,
        )
      )[0].n,
    { until: (n) => n === 0, what: 'service connections closed' },
  );
  expect(await deadlocks()).toBe(before);
});
