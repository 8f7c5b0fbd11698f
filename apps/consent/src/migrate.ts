/*
 * An entry point of the consent service beside main.ts: its migrations, run as its own role before
 * it serves (`npm run migrate`; on Kubernetes the init container of every replica runs
 * `dist/apps/consent/src/migrate.js`). Never at boot.
 */
import { migrateServiceMain } from '@dx/persistence';
import { consentMigrations } from './database/data-source';

migrateServiceMain('consent', consentMigrations);
