import { catalogMigrations } from '../../apps/catalog/src/database/data-source';
import { consentMigrations } from '../../apps/consent/src/database/data-source';
import { insightsMigrations } from '../../apps/insights/src/database/data-source';
import { integrationMigrations } from '../../apps/integration/src/database/data-source';
import { trustMigrations } from '../../apps/trust/src/database/data-source';

/** Every app (= its schema) with that schema's migrations, in start order. */
export const APPS = [
  { name: 'catalog', migrations: catalogMigrations },
  { name: 'consent', migrations: consentMigrations },
  { name: 'integration', migrations: integrationMigrations },
  { name: 'trust', migrations: trustMigrations },
  { name: 'insights', migrations: insightsMigrations },
] as const;
