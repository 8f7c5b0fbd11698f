import { randomUUID } from 'node:crypto';
import {
  AgreementAcceptedV1,
  AgreementActivatedV1,
  AgreementAgreedV1,
  Topics,
  type AgreementEventV1,
  type EventDefinition,
} from '@dx/contracts';
import { waitFor } from '@dx/testing';
import { InsightsHarness } from '../../test/insights-harness';

/*
 * One consent command can make several transitions (the provider's acceptance makes the agreement
 * ACCEPTED, AGREED and, its validity having begun, ACTIVE): their events share the agreement's
 * version and their time. `step` (the transition's place within its version) orders them, so the
 * read model ends at the last one whatever order and batches the events arrive in. Against the
 * real broker and database.
 */
let h: InsightsHarness;

beforeAll(async () => {
  h = await InsightsHarness.start();
});

afterAll(async () => {
  await h?.close();
});

const stateOf = async (agreementId: string) =>
  (
    await h.sql<{ state: string; version: number }>(
      `SELECT state, version FROM insights.agreements WHERE agreement_id = $1`,
      [agreementId],
    )
  )[0];

const applied = (eventId: string) =>
  waitFor(
    async () =>
      (await h.sql(`SELECT 1 FROM insights.facts WHERE event_id = $1`, [eventId])).length > 0,
    { what: `event ${eventId} applied` },
  );

function oneCommand() {
  const agreementId = randomUUID();
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  const base = {
    agreementId,
    datasetId: randomUUID(),
    providerId: randomUUID(),
    consumerId: randomUUID(),
    version: 3,
    occurredAt,
  };
  const event = (def: EventDefinition<string, AgreementEventV1>, step: number) =>
    [def, { ...def.example, ...base, step }] as const;
  return {
    agreementId,
    accepted: event(AgreementAcceptedV1, 1),
    agreed: event(AgreementAgreedV1, 2),
    activated: event(AgreementActivatedV1, 3),
  };
}

it('keeps the last transition of a version when earlier ones of it arrive later', async () => {
  const c = oneCommand();
  const publish = ([def, data]: (typeof c)['accepted']) =>
    h.publish(Topics.consentAgreement, def, c.agreementId, data);
  await applied(await publish(c.activated));
  expect(await stateOf(c.agreementId)).toEqual({ state: 'ACTIVE', version: 3 });
  // The same version's earlier transitions, redelivered after it in separate records.
  await applied(await publish(c.agreed));
  await applied(await publish(c.accepted));
  expect(await stateOf(c.agreementId)).toEqual({ state: 'ACTIVE', version: 3 });
});

it('picks the last transition of a version among events applied together', async () => {
  const c = oneCommand();
  // Published in reverse, so that arrival order cannot stand in for the transition order.
  const ids = [];
  for (const [def, data] of [c.activated, c.agreed, c.accepted])
    ids.push(await h.publish(Topics.consentAgreement, def, c.agreementId, data));
  for (const id of ids) await applied(id);
  expect(await stateOf(c.agreementId)).toEqual({ state: 'ACTIVE', version: 3 });
});
