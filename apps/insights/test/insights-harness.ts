import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { configureApp } from '@dx/service-kit';
import { ServiceHarness, waitFor } from '@dx/testing';

/** The insights service in the test process (see {@link ServiceHarness}). */
export class InsightsHarness extends ServiceHarness {
  // insights keeps datasets in its read models.
  protected readonly datasetProbe = `SELECT 1 FROM insights.datasets WHERE dataset_id = $1`;

  private constructor() {
    super('insights');
  }

  static async start(env: Record<string, string> = {}): Promise<InsightsHarness> {
    const h = new InsightsHarness();
    await h.prepare(env);
    return h;
  }

  /** Waits until the consumer has put every one of these events into insights' facts. */
  async waitForFacts(ids: string[], what: string): Promise<void> {
    await waitFor(
      async () =>
        (
          await this.sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM insights.facts WHERE event_id = ANY($1::uuid[])`,
            [ids],
          )
        )[0].n,
      { until: (n) => n === ids.length, what },
    );
  }

  protected async bootApp(): Promise<INestApplication> {
    const { AppModule } = await import('../src/app.module');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app, { service: 'insights', description: 'insights (test)' });
    return app;
  }
}
