import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createEnvelope, Header, type EventDefinition } from '@dx/contracts';
import { configureApp } from '@dx/service-kit';
import { produceRaw, ServiceHarness } from '@dx/testing';

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

  /**
   * Publishes an event the way its producer would (envelope, key, headers) and returns its id. The
   * same `id` twice is a redelivery.
   */
  async publish<T extends object>(
    topic: string,
    def: EventDefinition<string, T>,
    key: string,
    data: T,
    id?: string,
  ): Promise<string> {
    const e = createEnvelope({
      type: def.type,
      version: def.version,
      source: 'test',
      subject: key,
      data,
    });
    const envelope = id ? { ...e, id } : e;
    await produceRaw(`${this.prefix}${topic}`, [
      {
        key,
        value: JSON.stringify(envelope),
        headers: { [Header.ceId]: envelope.id, [Header.ceType]: envelope.type },
      },
    ]);
    return envelope.id;
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
