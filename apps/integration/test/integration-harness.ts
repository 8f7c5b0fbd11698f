import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import {
  AgreementActivatedV1,
  createEnvelope,
  Topics,
  type AgreementEventV1,
  type EventDefinition,
} from '@dx/contracts';
import { configureApp } from '@dx/service-kit';
import { produceRaw, ServiceHarness, waitFor } from '@dx/testing';

export interface TestAgreement {
  agreementId?: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  fields: string[];
  purpose?: string;
  /** The consent event to send (default: activated). */
  def?: EventDefinition<string, AgreementEventV1>;
  state?: AgreementEventV1['state'];
  version?: number;
  reason?: string;
}

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

  /**
   * Sends an agreement event the way the consent service does (on consent.agreement.v1) and waits
   * until the replica holds that version. Returns the agreement id.
   */
  async agreement(a: TestAgreement): Promise<string> {
    const agreementId = a.agreementId ?? randomUUID();
    const def = a.def ?? AgreementActivatedV1;
    const version = a.version ?? 1;
    const e = createEnvelope({
      time: new Date(),
      type: def.type,
      version: 1,
      source: 'consent',
      subject: agreementId,
      data: {
        ...def.example,
        agreementId,
        datasetId: a.datasetId,
        providerId: a.providerId,
        consumerId: a.consumerId,
        state: a.state ?? 'ACTIVE',
        termVersion: 1,
        currentTermVersion: 1,
        terms: { ...def.example.terms, purpose: a.purpose ?? 'urban-planning', fields: a.fields },
        version,
        ...(a.reason ? { reason: a.reason } : {}),
      },
    });
    await produceRaw(`${this.prefix}${Topics.consentAgreement}`, [
      { key: agreementId, value: JSON.stringify(e), headers: { ce_id: e.id, ce_type: e.type } },
    ]);
    await waitFor(
      async () =>
        (
          await this.sql(
            `SELECT 1 FROM integration.agreements WHERE agreement_id = $1 AND version = $2`,
            [agreementId, version],
          )
        ).length,
      { what: `agreement ${agreementId} version ${version} in the replica` },
    );
    return agreementId;
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
