import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  addOutboxLeasesAndConsumerProgress,
  dropOutboxLeasesAndConsumerProgress,
} from '@dx/persistence';

/** The messaging tables every service has (inbox, outbox, idempotency, suspensions). */
export class AddOutboxLeasesAndConsumerProgress1767225602000 implements MigrationInterface {
  name = 'AddOutboxLeasesAndConsumerProgress1767225602000';
  up(q: QueryRunner): Promise<void> {
    return addOutboxLeasesAndConsumerProgress(q, 'dsp');
  }
  down(q: QueryRunner): Promise<void> {
    return dropOutboxLeasesAndConsumerProgress(q, 'dsp');
  }
}
