import { catalogEntities, catalogMigrations } from '../../apps/catalog/src/database/data-source';
import { consentEntities, consentMigrations } from '../../apps/consent/src/database/data-source';
import { insightsEntities, insightsMigrations } from '../../apps/insights/src/database/data-source';
import {
  integrationEntities,
  integrationMigrations,
} from '../../apps/integration/src/database/data-source';
import { trustEntities, trustMigrations } from '../../apps/trust/src/database/data-source';

/** Every app with its schema's migrations, in start order, and its default port. */
export const APPS = [
  { name: 'catalog', port: 3001, migrations: catalogMigrations, entities: catalogEntities },
  { name: 'consent', port: 3002, migrations: consentMigrations, entities: consentEntities },
  {
    name: 'integration',
    port: 3003,
    migrations: integrationMigrations,
    entities: integrationEntities,
  },
  { name: 'trust', port: 3004, migrations: trustMigrations, entities: trustEntities },
  { name: 'insights', port: 3005, migrations: insightsMigrations, entities: insightsEntities },
] as const;
