import { randomUUID } from 'node:crypto';
import {
  AgreementActivatedV1,
  DeliveryFulfilledV1,
  ParticipantRegisteredV1,
  Topics,
} from '@dx/contracts';
import { waitFor } from '@dx/testing';
import { TrustHarness } from '../../test/trust-harness';

/*
 * Ratings against the real database and broker: proof of transaction (403 without it), one per
 * delivery (409), bad scores (400), and credibility by EigenTrust anchored on the municipality.
 */
const DAY = 86_400_000;
let h: TrustHarness;
const city = { id: randomUUID(), token: '' };
const bank = { id: randomUUID(), token: '' };
const telecom = randomUUID();
const deliveries: Record<string, string> = {};
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

async function agreementWith(consumerId: string): Promise<string> {
  const agreementId = randomUUID();
  await h.publish(Topics.consentAgreement, AgreementActivatedV1, agreementId, {
    ...AgreementActivatedV1.example,
    agreementId,
    providerId: telecom,
    consumerId,
    version: 3,
    occurredAt: ago(60),
  });
  return agreementId;
}

async function delivered(name: string, agreementId: string, consumerId: string, daysAgo: number) {
  const deliveryId = randomUUID();
  await h.publish(Topics.consentObligation, DeliveryFulfilledV1, agreementId, {
    ...DeliveryFulfilledV1.example,
    agreementId,
    providerId: telecom,
    consumerId,
    obligationId: randomUUID(),
    dueAt: ago(daysAgo),
    graceUntil: ago(daysAgo - 0.25),
    deliveryId,
    deliveredAt: ago(daysAgo),
    onTime: true,
    latenessSeconds: 0,
    occurredAt: ago(daysAgo),
  });
  deliveries[name] = deliveryId;
}

const rate = (token: string, body: unknown) =>
  h.call<{ credibility: number; counted: boolean; status?: number }>('POST', '/v1/ratings', {
    token,
    body,
  });

beforeAll(async () => {
  h = await TrustHarness.start();
  city.token = await h.token(city.id, ['participant']);
  bank.token = await h.token(bank.id, ['participant']);
  for (const [id, kind] of [
    [city.id, 'municipality'],
    [bank.id, 'business'],
    [telecom, 'business'],
  ] as const)
    await h.publish(Topics.catalogParticipant, ParticipantRegisteredV1, id, {
      ...ParticipantRegisteredV1.example,
      participantId: id,
      kind,
    });
  const withCity = await agreementWith(city.id);
  const withBank = await agreementWith(bank.id);
  await delivered('cityRecent', withCity, city.id, 2);
  await delivered('cityOld', withCity, city.id, 40);
  await delivered('bankRecent', withBank, bank.id, 1);
  await waitFor(
    async () =>
      (
        await h.sql(`SELECT 1 FROM trust.evidence WHERE params->>'deliveryId' = $1`, [
          deliveries.bankRecent,
        ])
      ).length,
    { what: 'deliveries in the ledger' },
  );
  await waitFor(
    async () =>
      (await h.sql(`SELECT 1 FROM trust.participants WHERE participant_id = $1`, [city.id])).length,
    {
      what: 'participants known',
    },
  );
});

afterAll(async () => {
  await h?.close();
});

it('refuses a rating without proof of transaction (403) and a bad body (400)', async () => {
  const notMine = await rate(bank.token, { deliveryId: deliveries.cityRecent, score: 5 });
  expect(notMine.status).toBe(403);
  expect(notMine.body).toMatchObject({ code: 'RATING.NO_PROOF_OF_TRANSACTION' });
  expect((await rate(city.token, { deliveryId: deliveries.cityOld, score: 5 })).status).toBe(403);
  expect((await rate(city.token, { deliveryId: randomUUID(), score: 5 })).status).toBe(403);
  const bad = await rate(city.token, { deliveryId: 'x', score: 6, comment: 'x'.repeat(1001) });
  expect(bad.status).toBe(400);
  expect(
    ((bad.body as unknown as { errors: Array<{ path: string }> }).errors ?? [])
      .map((e) => e.path)
      .sort(),
  ).toEqual(['comment', 'deliveryId', 'score']);
  expect((await rate(city.token, { deliveryId: deliveries.cityRecent, score: 0 })).status).toBe(
    400,
  );
});

it('counts the municipality’s rating fully, once, as fitness evidence for the provider', async () => {
  const res = await rate(city.token, {
    deliveryId: deliveries.cityRecent,
    score: 5,
    comment: 'complete and on time',
  });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ credibility: 1, counted: true });
  const [fitness] = await h.sql<{ v: number; w: number; counterparty_id: string }>(
    `SELECT v, w, counterparty_id FROM trust.evidence WHERE participant_id = $1 AND dimension = 'fitness'`,
    [telecom],
  );
  expect(fitness).toEqual({ v: 1, w: 0.5, counterparty_id: city.id });
  expect((await rate(city.token, { deliveryId: deliveries.cityRecent, score: 4 })).status).toBe(
    409,
  );
});

it('gives a business consumer credibility through the provider the municipality trusts', async () => {
  // city rated telecom 5; telecom keeps delivering to the bank, so trust reaches the bank.
  const res = await rate(bank.token, { deliveryId: deliveries.bankRecent, score: 2 });
  expect(res.status).toBe(201);
  expect(res.body.credibility).toBeGreaterThan(0);
  expect(res.body.credibility).toBeLessThan(1);
  const rows = await h.sql<{ v: number; w: number }>(
    `SELECT v, w FROM trust.evidence WHERE participant_id = $1 AND dimension = 'fitness' AND counterparty_id = $2`,
    [telecom, bank.id],
  );
  expect(rows).toEqual([{ v: -0.5, w: 0.5 * res.body.credibility }]);
});
