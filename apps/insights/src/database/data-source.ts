import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';
import { CreateReadModels1767225600100 } from './migrations/1767225600100-create-read-models';

/** Schema `insights`; migrations run by `npm run migrate`, never at boot. */
export const insightsMigrations = [
  CreateMessagingTables1767225600000,
  CreateReadModels1767225600100,
];
export const insightsEntities = [];
