import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addSuspensionsAndRetention, dropSuspensionsAndRetention } from '@dx/persistence';

/** Suspended participants (their tokens are refused at once); inbox floor and purge indexes. */
export class AddSuspensionsAndRetention1767225601000 implements MigrationInterface {
  name = 'AddSuspensionsAndRetention1767225601000';
  up(q: QueryRunner): Promise<void> {
    return addSuspensionsAndRetention(q, 'integration');
  }
  down(q: QueryRunner): Promise<void> {
    return dropSuspensionsAndRetention(q, 'integration');
  }
}
