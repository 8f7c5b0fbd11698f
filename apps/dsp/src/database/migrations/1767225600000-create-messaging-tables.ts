import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@dx/persistence';

/** The messaging tables every service has (inbox, outbox, idempotency, suspensions). */
export class CreateMessagingTables1767225600000 implements MigrationInterface {
  name = 'CreateMessagingTables1767225600000';
  up(q: QueryRunner): Promise<void> {
    return createMessagingTables(q, 'dsp');
  }
  down(q: QueryRunner): Promise<void> {
    return dropMessagingTables(q, 'dsp');
  }
}
