export * from './report';
export * from './machine';
export * from './cpu';
export * from './services';

/**
 * Runs a benchmark's `run` when its file is the program (`npm run bench -- <name>`), and leaves it
 * alone when `bench/all.ts` imports it.
 */
export function mainIfRun(module: NodeJS.Module, run: () => Promise<unknown>): void {
  if (require.main !== module) return;
  run().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
