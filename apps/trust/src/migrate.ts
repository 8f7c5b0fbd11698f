/*
 * An entry point of the trust service beside main.ts: its migrations, run as its own role before
 * it serves (`npm run migrate`; on Kubernetes the init container of every replica runs
 * `dist/apps/trust/src/migrate.js`). Never at boot.
 */
import { migrateServiceMain } from '@dx/persistence';
import { trustMigrations } from './database/data-source';

migrateServiceMain('trust', trustMigrations);
