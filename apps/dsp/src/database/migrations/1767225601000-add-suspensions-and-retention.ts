import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addSuspensionsAndRetention, dropSuspensionsAndRetention } from '@dx/persistence';

/** The messaging tables every service has (inbox, outbox, idempotency, suspensions). */
export class AddSuspensionsAndRetention1767225601000 implements MigrationInterface {
  name = 'AddSuspensionsAndRetention1767225601000';
  up(q: QueryRunner): Promise<void> {
    return addSuspensionsAndRetention(q, 'dsp');
  }
  down(q: QueryRunner): Promise<void> {
    return dropSuspensionsAndRetention(q, 'dsp');
  }
}
