import type { INestApplication } from '@nestjs/common';

export interface InProcessApp {
  url: string;
  app: INestApplication;
  close(): Promise<void>;
}

/**
 * Boots a service inside the test process on a free loopback port. The settings are put in
 * `process.env` BEFORE `boot` runs, because apps validate their configuration when their module
 * loads (so `boot` must import the module lazily). Jest gives each test file its own module
 * registry, so one file's settings never leak into another's app. `boot` builds the app with the
 * service's production HTTP setup (service-kit's `createApp`); it is passed in so this library
 * does not depend on service-kit, whose own tests use this library.
 */
export async function startInProcess(opts: {
  env: Record<string, string>;
  boot: () => Promise<INestApplication>;
}): Promise<InProcessApp> {
  Object.assign(process.env, opts.env);
  const app = await opts.boot();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    close: () => app.close(),
  };
}
