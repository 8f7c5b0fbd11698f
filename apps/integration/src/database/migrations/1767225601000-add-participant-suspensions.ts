import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createSuspensionTable, dropSuspensionTable } from '@dx/persistence';

/** Suspended participants (their tokens are refused at once) and the purge indexes. */
export class AddParticipantSuspensions1767225601000 implements MigrationInterface {
  name = 'AddParticipantSuspensions1767225601000';
  up(q: QueryRunner): Promise<void> {
    return createSuspensionTable(q, 'integration');
  }
  down(q: QueryRunner): Promise<void> {
    return dropSuspensionTable(q, 'integration');
  }
}
