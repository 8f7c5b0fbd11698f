import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { configureApp } from '@dx/service-kit';
import { ServiceHarness } from '@dx/testing';

/** The integration service in the test process (see {@link ServiceHarness}). */
export class IntegrationHarness extends ServiceHarness {
  protected readonly datasetProbe = `SELECT 1 FROM integration.dataset_schemas WHERE dataset_id = $1`;

  private constructor() {
    super('integration');
  }

  static async start(env: Record<string, string> = {}): Promise<IntegrationHarness> {
    const h = new IntegrationHarness();
    await h.prepare(env);
    return h;
  }

  protected async bootApp(): Promise<INestApplication> {
    const { AppModule, STREAMED_BODY_ROUTES } = await import('../src/app.module');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app, {
      service: 'integration',
      description: 'integration (test)',
      streamedBodyRoutes: STREAMED_BODY_ROUTES,
    });
    return app;
  }
}
