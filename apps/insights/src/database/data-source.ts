import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';

/** Schema `insights`; migrations run by `npm run migrate`, never at boot. */
export const insightsMigrations = [CreateMessagingTables1767225600000];
export const insightsEntities = [];
