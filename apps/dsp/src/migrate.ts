/*
 * An entry point of the DSP gateway beside main.ts: its migrations, run as its own role before it
 * serves (`npm run migrate`; on Kubernetes the init container of every replica). Never at boot.
 */
import { migrateServiceMain } from '@dx/persistence';
import { dspMigrations } from './database/data-source';

migrateServiceMain('dsp', dspMigrations);
