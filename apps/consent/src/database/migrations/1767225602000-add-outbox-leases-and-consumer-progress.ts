import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  addOutboxLeasesAndConsumerProgress,
  dropOutboxLeasesAndConsumerProgress,
} from '@dx/persistence';

/** Outbox claims by lease (no transaction across a broker call), parked rows, crash detection. */
export class AddOutboxLeasesAndConsumerProgress1767225602000 implements MigrationInterface {
  name = 'AddOutboxLeasesAndConsumerProgress1767225602000';
  up(q: QueryRunner): Promise<void> {
    return addOutboxLeasesAndConsumerProgress(q, 'consent');
  }
  down(q: QueryRunner): Promise<void> {
    return dropOutboxLeasesAndConsumerProgress(q, 'consent');
  }
}
