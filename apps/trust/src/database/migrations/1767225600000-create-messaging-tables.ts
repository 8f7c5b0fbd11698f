import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@dx/persistence';

export class CreateMessagingTables1767225600000 implements MigrationInterface {
  name = 'CreateMessagingTables1767225600000';
  up(q: QueryRunner): Promise<void> {
    return createMessagingTables(q, 'trust');
  }
  down(q: QueryRunner): Promise<void> {
    return dropMessagingTables(q, 'trust');
  }
}
