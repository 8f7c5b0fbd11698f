import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { waitForLockWait } from '@dx/testing';
import { TrustHarness } from '../../test/trust-harness';
import { TrustScorer } from '../scoring/application/trust-scorer';
import { priorProfile, TRUST_ROLES } from './domain/prior-profile';
import { ProfileStore } from './domain/profile-store';

/*
 * A participant's evidence can reach the rescorer before its registration reaches the profiles
 * consumer (two topics, two consumers): the rescorer then creates the profile rows itself, in
 * (participant, role) order, while the registration inserts the same rows. Both must take them in
 * one order. The interleaving is forced here (the rescoring holds its first row until the
 * registration waits for it); with the registration inserting provider first it deadlocked, as it
 * did once in CI by chance.
 */
let h: TrustHarness;

beforeAll(async () => {
  h = await TrustHarness.start();
});

afterAll(async () => {
  await h?.close();
});

it('a first rescoring and the registration of the same participant create its profiles without a deadlock', async () => {
  const ds = h.app.app.get(DataSource);
  const scorer = h.app.app.get(TrustScorer);
  const profiles = h.app.app.get<ProfileStore<EntityManager>>(ProfileStore);
  const participant = randomUUID();
  const at = new Date();
  const rescoring = ds.createQueryRunner();
  const registering = ds.createQueryRunner();
  try {
    await rescoring.startTransaction();
    await registering.startTransaction();
    // The rescorer's order: consumer, then provider.
    await scorer.rescore(rescoring.manager, participant, 'consumer', at, null);
    const adding = profiles.addProfiles(
      registering.manager,
      TRUST_ROLES.map((role) => priorProfile(participant, role, at)),
    );
    await waitForLockWait(
      h,
      'INSERT INTO trust.trust_profiles',
      'the registration waiting for the rescoring',
    );
    await scorer.rescore(rescoring.manager, participant, 'provider', at, null);
    await rescoring.commitTransaction();
    // The rescoring created both rows first: the registration creates none and keeps its scores.
    expect([...(await adding)]).toEqual([]);
    await registering.commitTransaction();
  } finally {
    for (const qr of [rescoring, registering]) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
  }
  const rows = await h.sql<{ role: string; model_version: string }>(
    `SELECT role, model_version FROM trust.trust_profiles WHERE participant_id = $1 ORDER BY role`,
    [participant],
  );
  expect(rows.map((r) => r.role)).toEqual(['consumer', 'provider']);
});
