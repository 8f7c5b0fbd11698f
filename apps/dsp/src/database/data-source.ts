import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';
import { AddSuspensionsAndRetention1767225601000 } from './migrations/1767225601000-add-suspensions-and-retention';
import { AddOutboxLeasesAndConsumerProgress1767225602000 } from './migrations/1767225602000-add-outbox-leases-and-consumer-progress';
import { CreateNegotiationsAndTransfers1767225603000 } from './migrations/1767225603000-create-negotiations-and-transfers';
import { AddTransferSuspendedBy1767225604000 } from './migrations/1767225604000-add-transfer-suspended-by';

/** Schema `dsp`; migrations run by `npm run migrate`, never at boot. */
export const dspMigrations = [
  CreateMessagingTables1767225600000,
  AddSuspensionsAndRetention1767225601000,
  AddOutboxLeasesAndConsumerProgress1767225602000,
  CreateNegotiationsAndTransfers1767225603000,
  AddTransferSuspendedBy1767225604000,
];
