import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';
import { CreateParticipantsAndIdentity1767225600100 } from './migrations/1767225600100-create-participants-and-identity';
import { CreateStandardsDatasetsAndSearch1767225600200 } from './migrations/1767225600200-create-standards-datasets-and-search';
import { AddSuspensionsAndRetention1767225601000 } from './migrations/1767225601000-add-suspensions-and-retention';
import { AddOutboxLeasesAndConsumerProgress1767225602000 } from './migrations/1767225602000-add-outbox-leases-and-consumer-progress';
import { AddDatasetTranslations1767225603000 } from './migrations/1767225603000-add-dataset-translations';

/** Schema `catalog`; migrations run by `npm run migrate`, never at boot. */
export const catalogMigrations = [
  CreateMessagingTables1767225600000,
  CreateParticipantsAndIdentity1767225600100,
  CreateStandardsDatasetsAndSearch1767225600200,
  AddSuspensionsAndRetention1767225601000,
  AddOutboxLeasesAndConsumerProgress1767225602000,
  AddDatasetTranslations1767225603000,
];
