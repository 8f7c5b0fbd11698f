import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import {
  IdempotencyStore,
  type IdempotentOutcome,
  type Principal,
  CLOCK,
  type Clock,
} from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import type { AnnounceChangeDto } from '../api/dto/announce-change.dto';
import { changeEvent, runningAgreements } from './running-agreements';

/**
 * The provider announces a schema change or an outage. Every agreement in force on the dataset gets
 * `change-announced` — or `change-unannounced` when the lead time is shorter than that agreement's
 * change notice: the consumer learns in time, and the ledger says whether the promise was kept.
 */
@Injectable()
export class AnnounceChangeHandler {
  constructor(
    private readonly datasets: DatasetReplica,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(
    datasetId: string,
    input: AnnounceChangeDto,
    caller: Principal,
    idempotencyKey?: string,
  ): Promise<IdempotentOutcome> {
    return this.idempotency.run(
      {
        key: idempotencyKey,
        scope: `POST /datasets/${datasetId}/change-notices ${caller.subject}`,
        request: input,
      },
      async (em) => {
        const now = this.clock.now();
        const dataset = await this.datasets.facts(em, datasetId, now);
        if (!dataset)
          throw new AppError('not_found', 'DATASET.NOT_FOUND', `dataset ${datasetId} is not known`);
        if (dataset.providerId !== caller.subject)
          throw new AppError(
            'forbidden',
            'DATASET.NOT_PROVIDER',
            "only the dataset's provider announces its changes",
          );
        const effectiveAt = new Date(input.effectiveAt);
        if (effectiveAt.getTime() < now.getTime() - 5 * 60_000)
          throw new AppError(
            'invalid',
            'CHANGE.EFFECTIVE_IN_PAST',
            'effectiveAt lies in the past',
            [{ path: 'effectiveAt', message: 'must not be in the past' }],
          );
        const id = randomUUID();
        await em.query(
          `INSERT INTO consent.change_notices (id, dataset_id, provider_id, kind, description, announced_at, effective_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, datasetId, caller.subject, input.kind, input.description, now, effectiveAt],
        );
        const agreements = await runningAgreements(em, datasetId);
        const events = agreements.map((a) =>
          changeEvent(a, {
            kind: input.kind,
            description: input.description,
            announcedAt: now,
            effectiveAt,
          }),
        );
        await this.outbox.appendAll(em, events);
        return {
          status: 201,
          body: {
            id,
            datasetId,
            kind: input.kind,
            announcedAt: now.toISOString(),
            effectiveAt: effectiveAt.toISOString(),
            agreements: events.map((e) => ({
              agreementId: e.subject,
              sufficientNotice: e.type === 'consent.obligation.change-announced',
              requiredNoticeDays: (e.data as { requiredNoticeDays: number }).requiredNoticeDays,
            })),
          },
        };
      },
    );
  }
}
