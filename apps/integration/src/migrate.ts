/*
 * An entry point of the integration service beside main.ts: its migrations, run as its own role before
 * it serves (`npm run migrate`; on Kubernetes the init container of every replica runs
 * `dist/apps/integration/src/migrate.js`). Never at boot.
 */
import { migrateServiceMain } from '@dx/persistence';
import { integrationMigrations } from './database/data-source';

migrateServiceMain('integration', integrationMigrations);
