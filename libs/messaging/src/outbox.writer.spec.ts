import type { EntityManager } from 'typeorm';
import { createEnvelope, ParticipantRegisteredV1 } from '@dx/contracts';
import { OutboxWriter } from './outbox.writer';

/*
 * The writer's refusals, which happen before any SQL: an em outside a transaction, an event no
 * contract declares, an event that breaks its schema. What it writes (and that it commits with the
 * state change) is shown against PostgreSQL in messaging.int.spec.ts.
 */
function fakeEm(inTransaction: boolean): {
  em: EntityManager;
  queries: string[];
  params: unknown[][];
} {
  const queries: string[] = [];
  const params: unknown[][] = [];
  const em = {
    queryRunner: { isTransactionActive: inTransaction },
    query: (sql: string, p: unknown[] = []) => {
      queries.push(sql);
      params.push(p);
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
  return { em, queries, params };
}

const writer = new OutboxWriter('catalog');
const valid = () =>
  ParticipantRegisteredV1.envelope(ParticipantRegisteredV1.example, {
    source: 'catalog',
    time: new Date('2026-01-15T09:00:00Z'),
  });

describe('OutboxWriter', () => {
  it('refuses an EntityManager outside a transaction: the row could commit without its change', async () => {
    const { em, queries } = fakeEm(false);
    await expect(writer.append(em, valid())).rejects.toThrow(
      /needs the EntityManager of an open transaction/,
    );
    expect(queries).toEqual([]);
  });

  it('refuses an event no contract declares, naming it', async () => {
    const { em, queries } = fakeEm(true);
    const unknown = createEnvelope({
      type: 'catalog.participant.renamed',
      version: 1,
      source: 'catalog',
      time: new Date(),
      subject: 'p-1',
      data: {},
    });
    await expect(writer.append(em, unknown)).rejects.toThrow(
      'unknown event catalog.participant.renamed/1: declare it in libs/contracts',
    );
    expect(queries).toEqual([]);
  });

  it('refuses an event that breaks its schema at the producer, with the offending field', async () => {
    const { em, queries } = fakeEm(true);
    const broken = { ...valid(), data: { ...ParticipantRegisteredV1.example, kind: 'pirate' } };
    const failure = await writer
      .append(em, broken as ReturnType<typeof valid>)
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'invalid', code: 'EVENT.SCHEMA_VIOLATION' });
    expect(JSON.stringify(failure)).toContain('kind');
    expect(queries).toEqual([]);
  });

  it('writes a valid event with its topic and key and notifies the relay, in one statement', async () => {
    const { em, queries, params } = fakeEm(true);
    const event = valid();
    await writer.append(em, event);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toContain('INSERT INTO "catalog".outbox');
    expect(JSON.parse(params[0][0] as string)).toEqual([
      {
        id: event.id,
        topic: 'catalog.participant.v1',
        message_key: ParticipantRegisteredV1.example.participantId,
        envelope: event,
        traceparent: null,
      },
    ]);
    expect(queries[0]).toContain('pg_notify($2');
    expect(params[0][1]).toBe('dx_outbox_catalog');
  });
});
