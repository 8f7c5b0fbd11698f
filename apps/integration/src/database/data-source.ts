import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';
import { CreateRecordStore1767225600100 } from './migrations/1767225600100-create-record-store';
import { CreateGovernedAccess1767225600200 } from './migrations/1767225600200-create-governed-access';
import { AddAgreementFreshness1767225600300 } from './migrations/1767225600300-add-agreement-freshness';
import { RecordsKeyedByDataset1767225600400 } from './migrations/1767225600400-records-keyed-by-dataset';
import { CreateSettingsAndViews1767225600500 } from './migrations/1767225600500-create-settings-and-views';
import { AddSuspensionsAndRetention1767225601000 } from './migrations/1767225601000-add-suspensions-and-retention';
import { AddOutboxLeasesAndConsumerProgress1767225602000 } from './migrations/1767225602000-add-outbox-leases-and-consumer-progress';
import { CreateTransferGrants1767225603000 } from './migrations/1767225603000-create-transfer-grants';

/** Schema `integration`; migrations run by `npm run migrate`, never at boot. */
export const integrationMigrations = [
  CreateMessagingTables1767225600000,
  CreateRecordStore1767225600100,
  CreateGovernedAccess1767225600200,
  AddAgreementFreshness1767225600300,
  RecordsKeyedByDataset1767225600400,
  CreateSettingsAndViews1767225600500,
  AddSuspensionsAndRetention1767225601000,
  AddOutboxLeasesAndConsumerProgress1767225602000,
  CreateTransferGrants1767225603000,
];
