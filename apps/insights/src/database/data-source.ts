import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';
import { CreateReadModels1767225600100 } from './migrations/1767225600100-create-read-models';
import { CreateCommitment1767225600200 } from './migrations/1767225600200-create-commitment';
import { AddSuspensionsAndRetention1767225601000 } from './migrations/1767225601000-add-suspensions-and-retention';
import { AddOutboxLeasesAndConsumerProgress1767225602000 } from './migrations/1767225602000-add-outbox-leases-and-consumer-progress';
import { AddAgreementStep1767225603000 } from './migrations/1767225603000-add-agreement-step';
import { AddResearchKeys1767225604000 } from './migrations/1767225604000-add-research-keys';

/** Schema `insights`; migrations run by `npm run migrate`, never at boot. */
export const insightsMigrations = [
  CreateMessagingTables1767225600000,
  CreateReadModels1767225600100,
  CreateCommitment1767225600200,
  AddSuspensionsAndRetention1767225601000,
  AddOutboxLeasesAndConsumerProgress1767225602000,
  AddAgreementStep1767225603000,
  AddResearchKeys1767225604000,
];
