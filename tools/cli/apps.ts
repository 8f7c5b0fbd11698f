/** Every app (= its schema), in start order. Each runs its own migrations (apps/<app>/src/migrate.ts). */
export const APPS = [
  { name: 'catalog' },
  { name: 'consent' },
  { name: 'integration' },
  { name: 'trust' },
  { name: 'insights' },
  { name: 'dsp' },
] as const;
