import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { configureApp } from '@dx/service-kit';
import { ServiceHarness } from '@dx/testing';
import { CLOCK, type Clock } from '@dx/service-kit';

/** A clock the test moves forward (expiry, notice ends, schedules). */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** The consent service in the test process, with a movable clock (see {@link ServiceHarness}). */
export class ConsentHarness extends ServiceHarness {
  readonly clock = new TestClock();
  protected readonly datasetProbe = `SELECT 1 FROM consent.datasets WHERE dataset_id = $1 AND status = 'published'`;

  private constructor() {
    super('consent');
  }

  static async start(env: Record<string, string> = {}): Promise<ConsentHarness> {
    const h = new ConsentHarness();
    await h.prepare({ SCHEDULER_INTERVAL_MS: '200', ...env });
    return h;
  }

  protected async bootApp(): Promise<INestApplication> {
    const { AppModule } = await import('../src/app.module');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(CLOCK)
      .useValue(this.clock)
      .compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app, { service: 'consent', description: 'consent (test)' });
    return app;
  }

  /** The body of an agreement request: valid from an hour ago, a year long, daily deliveries. */
  agreementRequest(
    datasetId: string,
    terms: Record<string, unknown> = {},
  ): Record<string, unknown> {
    const start = this.clock.now().getTime() - 3_600_000;
    return {
      datasetId,
      purpose: 'urban-planning',
      purposeDescription: 'Plan bus routes from where people are during the day.',
      legalBasis: 'City data charter',
      fields: ['people'],
      deliveryFrequency: 'P1D',
      validFrom: new Date(start).toISOString(),
      validTo: new Date(start + 365 * 86_400_000).toISOString(),
      retentionDays: 30,
      ...terms,
    };
  }

  /** Requests and accepts on both sides: an ACTIVE agreement (validFrom an hour ago, a year long). */
  async activeAgreement(
    provider: { id: string; token: string },
    consumer: { id: string; token: string },
    datasetId: string,
    terms: Record<string, unknown> = {},
  ): Promise<string> {
    const created = await this.call<{ id: string }>('POST', '/v1/agreements', {
      token: consumer.token,
      body: this.agreementRequest(datasetId, terms),
    });
    if (created.status !== 201)
      throw new Error(`request: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id;
    await this.call('POST', `/v1/agreements/${id}/accept`, {
      token: consumer.token,
      body: { termVersion: 1 },
    });
    const done = await this.call<{ state: string }>('POST', `/v1/agreements/${id}/accept`, {
      token: provider.token,
      body: { termVersion: 1 },
    });
    if (done.body.state !== 'ACTIVE') throw new Error(`not active: ${JSON.stringify(done.body)}`);
    return id;
  }
}
