import { DataSource } from 'typeorm';
import { createEnvelope, ParticipantRegisteredV1, type EventEnvelope } from '@dx/contracts';
import { createLogger } from '@dx/observability';
import {
  addOutboxLeasesAndConsumerProgress,
  addSuspensionsAndRetention,
  createMessagingTables,
} from '@dx/persistence';

/** Schema used by the messaging integration tests: the messaging tables plus an effects table. */
export const TEST_SCHEMA = 'mtest';

export async function openFixtureDataSource(url: string): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', url, extra: { max: 6 } });
  await ds.initialize();
  return ds;
}

export async function createFixtureSchema(ds: DataSource): Promise<void> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query(`CREATE SCHEMA ${TEST_SCHEMA}`);
    await createMessagingTables(qr, TEST_SCHEMA);
    await addSuspensionsAndRetention(qr, TEST_SCHEMA);
    await addOutboxLeasesAndConsumerProgress(qr, TEST_SCHEMA);
    // One row per applied effect; `n` counts how often an event's effect ran.
    await qr.query(`CREATE TABLE ${TEST_SCHEMA}.effects (
      event_id uuid PRIMARY KEY, aggregate text NOT NULL, position integer NOT NULL,
      applied_seq bigserial, n integer NOT NULL DEFAULT 1)`);
  } finally {
    await qr.release();
  }
}

/** A valid `catalog.participant.registered` envelope; `position` rides in `sector` to check order. */
export function participantEvent(participantId: string, position: number): EventEnvelope {
  return createEnvelope({
    time: new Date(),
    type: ParticipantRegisteredV1.type,
    version: ParticipantRegisteredV1.version,
    source: 'catalog',
    subject: participantId,
    data: {
      participantId,
      name: `Participant ${position}`,
      kind: 'business',
      legalId: '000000000000',
      sector: String(position),
      status: 'active',
      registeredAt: new Date().toISOString(),
    },
  });
}

export const fixtureLogger = createLogger('tests', 'messaging');
