import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { SubjectErasureRequestedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import { SubjectConsentStore } from '../domain/subject-consent-store';
import { subjectDataset } from './subject-dataset';
import { CLOCK, type Clock } from '@dx/service-kit';

export interface ErasureRequestInput {
  subjectId: string;
  datasetId: string;
  reference?: string;
}

export interface ErasureRequestView {
  requestId: string;
  subjectId: string;
  datasetId: string;
  requestedAt: string;
}

/**
 * Records a data subject's erasure request for one dataset and emits
 * `consent.subject-consent.erasure-requested`; the integration service erases the rows and
 * confirms. The same people who record consent may record it: the provider or an operator.
 */
@Injectable()
export class RequestErasureHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetReplica,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly consents: SubjectConsentStore<EntityManager>,
  ) {}

  execute(input: ErasureRequestInput, caller: Principal): Promise<ErasureRequestView> {
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const dataset = await subjectDataset(
        em,
        this.datasets,
        input.datasetId,
        caller,
        now,
        'an erasure request',
      );
      // No check against earlier requests: erasure is idempotent where it happens, and a subject
      // may ask again after new rows about them arrived.
      const requestId = randomUUID();
      await this.consents.addErasureRequest(em, {
        requestId,
        subjectId: input.subjectId,
        datasetId: input.datasetId,
        providerId: dataset.providerId,
        requestedBy: caller.subject,
        reference: input.reference ?? null,
        at: now,
      });
      await this.outbox.append(
        em,
        SubjectErasureRequestedV1.envelope(
          {
            requestId,
            subjectId: input.subjectId,
            datasetId: input.datasetId,
            providerId: dataset.providerId,
            requestedBy: caller.subject,
            ...(input.reference ? { reference: input.reference } : {}),
            occurredAt: now.toISOString(),
          },
          // Keyed by subject like the consent events: a consent withdrawn and an erasure requested
          // for one subject reach integration in the order they were recorded.
          { source: 'consent', subject: input.subjectId, time: now },
        ),
      );
      return {
        requestId,
        subjectId: input.subjectId,
        datasetId: input.datasetId,
        requestedAt: now.toISOString(),
      };
    });
  }
}
