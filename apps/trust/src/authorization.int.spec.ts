import { randomUUID } from 'node:crypto';
import { AgreementActivatedV1, DeliveryFulfilledV1, Topics } from '@dx/contracts';
import { waitFor } from '@dx/testing';
import { TrustHarness } from '../test/trust-harness';

/*
 * Authorization as a matrix: who (anonymous, operator, the provider, the consumer, another
 * participant, auditor, dashboard) × every trust endpoint × verb, with the expected status of each
 * cell. Reputation is public to every authenticated caller; trust within one agreement only to its
 * parties, operators and auditors; a rating only from the consumer of a fulfilled delivery.
 */
const WHO = [
  'anonymous',
  'operator',
  'provider',
  'consumer',
  'other',
  'auditor',
  'dashboard',
] as const;
type Who = (typeof WHO)[number];

interface Ctx {
  providerId: string;
  agreementId: string;
  deliveryId: string;
}

interface Row {
  name: string;
  method: string;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  expect: [number, number, number, number, number, number, number];
}

const ROWS: Row[] = [
  {
    name: 'read a participant’s trust',
    method: 'GET',
    path: (c) => `/v1/participants/${c.providerId}/trust?role=provider`,
    expect: [401, 200, 200, 200, 200, 200, 200],
  },
  {
    name: 'read trust within an agreement',
    method: 'GET',
    path: (c) =>
      `/v1/participants/${c.providerId}/trust?role=provider&agreementId=${c.agreementId}`,
    expect: [401, 200, 200, 200, 404, 200, 404],
  },
  {
    name: 'read the trust history',
    method: 'GET',
    path: (c) => `/v1/participants/${c.providerId}/trust/history?role=provider`,
    expect: [401, 200, 200, 200, 200, 200, 200],
  },
  {
    name: 'read the commitment index',
    method: 'GET',
    path: (c) => `/v1/participants/${c.providerId}/commitment`,
    expect: [401, 200, 200, 200, 200, 200, 200],
  },
  {
    name: 'read the leaderboard',
    method: 'GET',
    path: () => '/v1/trust/leaderboard?role=provider',
    expect: [401, 200, 200, 200, 200, 200, 200],
  },
  {
    name: 'rate a delivery',
    method: 'POST',
    path: () => '/v1/ratings',
    body: (c) => ({ deliveryId: c.deliveryId, score: 4 }),
    expect: [401, 403, 403, 201, 403, 403, 403],
  },
  {
    name: 'health',
    method: 'GET',
    path: () => '/health/live',
    expect: [200, 200, 200, 200, 200, 200, 200],
  },
];

let h: TrustHarness;
let ctx: Ctx;
const tokens = {} as Record<Exclude<Who, 'anonymous'>, string>;

beforeAll(async () => {
  h = await TrustHarness.start();
  const [providerId, consumerId, otherId] = [randomUUID(), randomUUID(), randomUUID()];
  tokens.provider = await h.token(providerId, ['participant']);
  tokens.consumer = await h.token(consumerId, ['participant']);
  tokens.other = await h.token(otherId, ['participant']);
  tokens.operator = await h.token(randomUUID(), ['operator']);
  tokens.auditor = await h.token(randomUUID(), ['auditor']);
  tokens.dashboard = await h.token(randomUUID(), ['dashboard']);
  const agreementId = randomUUID();
  await h.publish(Topics.consentAgreement, AgreementActivatedV1, agreementId, {
    ...AgreementActivatedV1.example,
    agreementId,
    providerId,
    consumerId,
    version: 3,
    occurredAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
  });
  const deliveryId = randomUUID();
  const dueAt = new Date(Date.now() - 86_400_000).toISOString();
  await h.publish(Topics.consentObligation, DeliveryFulfilledV1, agreementId, {
    ...DeliveryFulfilledV1.example,
    agreementId,
    providerId,
    consumerId,
    obligationId: randomUUID(),
    dueAt,
    graceUntil: dueAt,
    deliveryId,
    deliveredAt: dueAt,
    onTime: true,
    latenessSeconds: 0,
    occurredAt: dueAt,
  });
  await waitFor(
    async () =>
      (
        await h.call('GET', `/v1/participants/${providerId}/trust?role=provider`, {
          token: tokens.other,
        })
      ).status,
    { until: (s) => s === 200, what: 'the provider scored' },
  );
  ctx = { providerId, agreementId, deliveryId };
});

afterAll(async () => {
  await h?.close();
});

describe.each(ROWS)('$method $name', (row) => {
  it.each(WHO.map((who, i) => [who, row.expect[i]] as const))('%s → %i', async (who, status) => {
    const res = await h.call(row.method, row.path(ctx), {
      ...(who === 'anonymous' ? {} : { token: tokens[who] }),
      ...(row.body ? { body: row.body(ctx) } : {}),
    });
    expect(res.status).toBe(status);
  });
});
