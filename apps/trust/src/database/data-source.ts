import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';
import { CreateTrustProfiles1767225600100 } from './migrations/1767225600100-create-trust-profiles';
import { CreateEvidenceLedger1767225600200 } from './migrations/1767225600200-create-evidence-ledger';
import { CreateRatings1767225600300 } from './migrations/1767225600300-create-ratings';
import { CreateCommitmentInputs1767225600400 } from './migrations/1767225600400-create-commitment-inputs';
import { CreateRescoreQueue1767225600500 } from './migrations/1767225600500-create-rescore-queue';
import { StatePerCounterparty1767225600600 } from './migrations/1767225600600-state-per-counterparty';
import { CreateCommitmentPublished1767225600700 } from './migrations/1767225600700-create-commitment-published';
import { AddSuspensionsAndRetention1767225601000 } from './migrations/1767225601000-add-suspensions-and-retention';
import { AddOutboxLeasesAndConsumerProgress1767225602000 } from './migrations/1767225602000-add-outbox-leases-and-consumer-progress';
import { RescoreQueueLeases1767225602100 } from './migrations/1767225602100-rescore-queue-leases';
import { RescoreQueueQuietPeriod1767225602200 } from './migrations/1767225602200-rescore-queue-quiet-period';

/** Schema `trust`; migrations run by `npm run migrate`, never at boot. */
export const trustMigrations = [
  CreateMessagingTables1767225600000,
  CreateTrustProfiles1767225600100,
  CreateEvidenceLedger1767225600200,
  CreateRatings1767225600300,
  CreateCommitmentInputs1767225600400,
  CreateRescoreQueue1767225600500,
  StatePerCounterparty1767225600600,
  CreateCommitmentPublished1767225600700,
  AddSuspensionsAndRetention1767225601000,
  AddOutboxLeasesAndConsumerProgress1767225602000,
  RescoreQueueLeases1767225602100,
  RescoreQueueQuietPeriod1767225602200,
];
