/*
 * An entry point of the catalog service beside main.ts: its migrations, run as its own role before
 * it serves (`npm run migrate`; on Kubernetes the init container of every replica runs
 * `dist/apps/catalog/src/migrate.js`). Never at boot.
 */
import { migrateServiceMain } from '@dx/persistence';
import { catalogMigrations } from './database/data-source';

migrateServiceMain('catalog', catalogMigrations);
