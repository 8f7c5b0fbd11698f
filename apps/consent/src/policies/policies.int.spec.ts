import { createEnvelope, Topics, TrustScoreUpdatedV1 } from '@dx/contracts';
import { produceRaw, waitFor } from '@dx/testing';
import { ConsentHarness } from '../../test/consent-harness';

/*
 * Auto-decision policies: the provider's rules accept, reject or queue a request, using the
 * consumer's trust tier from trust.score.v1, and every decision is explained.
 */
let h: ConsentHarness;

beforeAll(async () => {
  h = await ConsentHarness.start();
});

afterAll(async () => {
  await h?.close();
});

async function scoreAsConsumer(participantId: string, tier: 'Established' | 'Low'): Promise<void> {
  const e = createEnvelope({
    time: new Date(),
    type: TrustScoreUpdatedV1.type,
    version: 1,
    source: 'trust',
    subject: `${participantId}:consumer`,
    data: {
      ...TrustScoreUpdatedV1.example,
      participantId,
      role: 'consumer' as const,
      tier,
      computedAt: new Date().toISOString(),
    },
  });
  await produceRaw(`${h.prefix}${Topics.trustScore}`, [
    {
      key: `${participantId}:consumer`,
      value: JSON.stringify(e),
      headers: { ce_id: e.id, ce_type: e.type },
    },
  ]);
  await waitFor(
    async () =>
      (
        await h.sql(`SELECT 1 FROM consent.trust_tiers WHERE participant_id = $1 AND tier = $2`, [
          participantId,
          tier,
        ])
      ).length,
    {
      what: 'trust tier in the replica',
    },
  );
}

it('accepts, rejects or queues requests by the provider’s rules and explains each decision', async () => {
  const telecom = await h.participant();
  const trusted = await h.participant();
  const unknown = await h.participant();
  const other = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const policy = {
    rules: [
      { id: 'no-commerce', purposes: ['economic-analysis'], action: 'reject' },
      {
        id: 'planning',
        purposes: ['urban-planning'],
        minConsumerTier: 'Established',
        maxSensitivity: 'personal-aggregated',
        action: 'accept',
      },
    ],
  };
  expect(
    (
      await h.call('PUT', `/v1/datasets/${datasetId}/decision-policy`, {
        token: other.token,
        body: policy,
      })
    ).status,
  ).toBe(403);
  const set = await h.call('PUT', `/v1/datasets/${datasetId}/decision-policy`, {
    token: telecom.token,
    body: policy,
  });
  expect(set.status).toBe(200);
  expect(set.headers.get('etag')).toBe('"1"');
  await scoreAsConsumer(trusted.id, 'Established');

  const request = (token: string, purpose: string) =>
    h.call<{ id: string; state: string }>('POST', '/v1/agreements', {
      token,
      body: {
        datasetId,
        purpose,
        purposeDescription: 'Planning with presence data for the districts.',
        legalBasis: 'City data charter',
        fields: ['people'],
        deliveryFrequency: 'P1D',
        validFrom: new Date(h.clock.now().getTime() - 3_600_000).toISOString(),
        validTo: new Date(h.clock.now().getTime() + 90 * 86_400_000).toISOString(),
        retentionDays: 30,
      },
    });
  const accepted = await request(trusted.token, 'urban-planning');
  expect(accepted.body.state).toBe('ACCEPTED');
  const active = await h.call<{ state: string }>(
    'POST',
    `/v1/agreements/${accepted.body.id}/accept`,
    {
      token: trusted.token,
      body: { termVersion: 1 },
    },
  );
  expect(active.body.state).toBe('ACTIVE');
  const queued = await request(unknown.token, 'urban-planning');
  expect(queued.body.state).toBe('REQUESTED');
  const rejected = await request(trusted.token, 'economic-analysis');
  expect(rejected.body.state).toBe('REJECTED');

  const explain = async (id: string, token: string) =>
    (
      await h.call<{
        items: Array<{ outcome: string; ruleId: string | null; explanation: string[] }>;
      }>('GET', `/v1/agreements/${id}/policy-decisions`, { token })
    ).body.items;
  expect(await explain(accepted.body.id, trusted.token)).toEqual([
    expect.objectContaining({ outcome: 'accepted', ruleId: 'planning' }),
  ]);
  const [q] = await explain(queued.body.id, telecom.token);
  expect(q.outcome).toBe('queued');
  expect(q.explanation.join(' ')).toContain('no trust score yet');
  expect((await explain(rejected.body.id, trusted.token))[0]).toEqual(
    expect.objectContaining({ outcome: 'rejected', ruleId: 'no-commerce' }),
  );
  expect(
    (
      await h.call('GET', `/v1/agreements/${queued.body.id}/policy-decisions`, {
        token: other.token,
      })
    ).status,
  ).toBe(404);
});
