import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { configureApp } from '@dx/service-kit';
import { ServiceHarness } from '@dx/testing';

/** The trust service in the test process (see {@link ServiceHarness}). */
export class TrustHarness extends ServiceHarness {
  // trust keeps no dataset replica.
  protected readonly datasetProbe = `SELECT 1 WHERE $1::text IS NULL`;

  private constructor() {
    super('trust');
  }

  static async start(env: Record<string, string> = {}): Promise<TrustHarness> {
    const h = new TrustHarness();
    await h.prepare(env);
    return h;
  }

  protected async bootApp(): Promise<INestApplication> {
    const { AppModule } = await import('../src/app.module');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app, { service: 'trust', description: 'trust (test)' });
    return app;
  }
}
