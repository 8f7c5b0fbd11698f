import { CreateMessagingTables1767225600000 } from './migrations/1767225600000-create-messaging-tables';

/** Schema `consent`; migrations run by `npm run migrate`, never at boot. */
export const consentMigrations = [CreateMessagingTables1767225600000];
export const consentEntities = [];
