import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '@dx/service-kit';

export interface InProcessApp {
  url: string;
  app: NestExpressApplication;
  close(): Promise<void>;
}

/**
 * Boots a service's real module inside the test process, on a free loopback port, with the same
 * HTTP setup as production (`createApp`). The settings are put in `process.env` BEFORE the module is
 * imported, because apps validate their configuration when the module loads. Jest gives each test
 * file its own module registry and each file runs in its own worker or sequentially, so one file's
 * settings never leak into another's app.
 */
export async function startInProcess(opts: {
  service: string;
  env: Record<string, string>;
  load: () => Promise<Type<unknown>>;
}): Promise<InProcessApp> {
  Object.assign(process.env, opts.env);
  const module = await opts.load();
  const app = await createApp(module, {
    service: opts.service,
    description: `${opts.service} (test)`,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    close: () => app.close(),
  };
}
