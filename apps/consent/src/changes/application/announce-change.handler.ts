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
import type { EntityManager } from 'typeorm';
import { ChangeNoticeStore } from '../domain/change-notice-store';
import { changeEvent } from './running-agreements';

/** What a provider announces; the API's DTO implements it. */
/** The answer: the notice, and per agreement in force whether it gave enough notice. */
export interface ChangeNoticeView {
  id: string;
  datasetId: string;
  kind: 'schema-change' | 'outage';
  announcedAt: string;
  effectiveAt: string;
  agreements: Array<{
    agreementId: string;
    sufficientNotice: boolean;
    requiredNoticeDays: number;
  }>;
}

export interface AnnounceChangeInput {
  kind: 'schema-change' | 'outage';
  description: string;
  effectiveAt: string;
}

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
    private readonly changes: ChangeNoticeStore<EntityManager>,
  ) {}

  execute(
    datasetId: string,
    input: AnnounceChangeInput,
    caller: Principal,
    idempotencyKey?: string,
  ): Promise<IdempotentOutcome> {
    return this.idempotency.run(
      {
        key: idempotencyKey,
        // The key is the caller's own: another provider's key cannot replay this answer.
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
        // Five minutes of tolerance: a provider announcing an outage "now" has a clock that may
        // run a little behind ours. Anything earlier is a correction of history, not an announcement.
        if (effectiveAt.getTime() < now.getTime() - 5 * 60_000)
          throw new AppError(
            'invalid',
            'CHANGE.EFFECTIVE_IN_PAST',
            'effectiveAt lies in the past',
            [{ path: 'effectiveAt', message: 'must not be in the past' }],
          );
        const id = randomUUID();
        await this.changes.addNotice(em, {
          id,
          datasetId,
          providerId: caller.subject,
          kind: input.kind,
          description: input.description,
          announcedAt: now,
          effectiveAt,
        });
        // Each agreement in force (also suspended or under notice, whose consumers still depend on the
        // data) is judged against its own change notice: one announcement can be in time for one
        // consumer and short for another.
        const agreements = await this.changes.runningAgreements(em, datasetId);
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
              requiredNoticeDays: e.data.requiredNoticeDays,
            })),
          } satisfies ChangeNoticeView,
        };
      },
    );
  }
}
