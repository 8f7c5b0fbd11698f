/*
 * An entry point of the insights service beside main.ts: its migrations, run as its own role before
 * it serves (`npm run migrate`; on Kubernetes the init container of every replica runs
 * `dist/apps/insights/src/migrate.js`). Never at boot.
 */
import { migrateServiceMain } from '@dx/persistence';
import { insightsMigrations } from './database/data-source';

migrateServiceMain('insights', insightsMigrations);
