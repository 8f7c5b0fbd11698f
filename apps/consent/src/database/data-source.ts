import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';
import { CreateAgreements1767225600100 } from './migrations/1767225600100-create-agreements';
import { CreateObligations1767225600200 } from './migrations/1767225600200-create-obligations';
import { CreateChangeNotices1767225600300 } from './migrations/1767225600300-create-change-notices';
import { CreateSubjectConsents1767225600400 } from './migrations/1767225600400-create-subject-consents';
import { CreateGovernance1767225600500 } from './migrations/1767225600500-create-governance';
import { CreateDecisionPolicies1767225600600 } from './migrations/1767225600600-create-decision-policies';
import { CreateErasureRequests1767225600700 } from './migrations/1767225600700-create-erasure-requests';
import { CreateBenefitReports1767225600800 } from './migrations/1767225600800-create-benefit-reports';
import { AddSuspensionsAndRetention1767225601000 } from './migrations/1767225601000-add-suspensions-and-retention';
import { AddOutboxLeasesAndConsumerProgress1767225602000 } from './migrations/1767225602000-add-outbox-leases-and-consumer-progress';
import { AddExitInterviewsAndBenefitViews1767225603000 } from './migrations/1767225603000-add-exit-interviews-and-benefit-views';
import { CreateStandardTerms1767225604000 } from './migrations/1767225604000-create-standard-terms';

/** Schema `consent`; migrations run by `npm run migrate`, never at boot. */
export const consentMigrations = [
  CreateMessagingTables1767225600000,
  CreateAgreements1767225600100,
  CreateObligations1767225600200,
  CreateChangeNotices1767225600300,
  CreateSubjectConsents1767225600400,
  CreateGovernance1767225600500,
  CreateDecisionPolicies1767225600600,
  CreateErasureRequests1767225600700,
  CreateBenefitReports1767225600800,
  AddSuspensionsAndRetention1767225601000,
  AddOutboxLeasesAndConsumerProgress1767225602000,
  AddExitInterviewsAndBenefitViews1767225603000,
  CreateStandardTerms1767225604000,
];
