import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import { subjectDataset } from './subject-dataset';
import { SubjectConsentStore } from '../domain/subject-consent-store';
import { subjectConsentEvent } from './consent-events';
import { CLOCK, type Clock } from '@dx/service-kit';

/** What recording a consent takes; the API's DTO implements it. */
export interface RecordConsentInput {
  subjectId: string;
  datasetId: string;
  purpose: string;
  status: 'given' | 'withdrawn';
  expiresAt?: string;
  evidence?: string;
}

export interface ConsentRecordView {
  id: string;
  subjectId: string;
  datasetId: string;
  purpose: string;
  status: string;
  expiresAt: string | null;
  updatedAt: string;
  changed: boolean;
}

/**
 * Records a subject's consent (given or withdrawn) for one dataset and purpose, with history. Only
 * the dataset's provider (who holds the subject relationship) or an operator records it. A status
 * that does not change is acknowledged without an event; a change emits given/withdrawn.
 */
@Injectable()
export class RecordSubjectConsentHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetReplica,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly consents: SubjectConsentStore<EntityManager>,
  ) {}

  execute(input: RecordConsentInput, caller: Principal): Promise<ConsentRecordView> {
    // The consent row, its history entry and the event commit together: integration's filter never
    // hears of a consent the register does not hold, nor misses one it does.
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const dataset = await subjectDataset(
        em,
        this.datasets,
        input.datasetId,
        caller,
        now,
        'subject consent',
      );
      // A withdrawal ends the consent outright; an expiry sent with it would mean nothing.
      const expiresAt =
        input.status === 'given' && input.expiresAt ? new Date(input.expiresAt) : null;
      if (expiresAt && expiresAt <= now)
        throw new AppError('invalid', 'CONSENT.EXPIRY_IN_PAST', 'expiresAt lies in the past', [
          { path: 'expiresAt', message: 'must be in the future' },
        ]);
      const existing = await this.consents.lockOrCreate(em, input, {
        providerId: dataset.providerId,
        status: input.status,
        expiresAt,
        recordedBy: caller.subject,
        at: now,
      });
      // The row is locked from here on: two recordings of the same consent run one after the other,
      // so "unchanged" is judged against the state the second one will overwrite.
      const previousStatus = existing.previousStatus;
      const unchanged =
        previousStatus === input.status &&
        (existing.previousExpiresAt?.getTime() ?? null) === (expiresAt?.getTime() ?? null);
      // A new expiry counts as a change like a new status: it is kept in the history and announced.
      // previousStatus null means the row was just inserted with these values; only history and
      // event remain to be written.
      if (previousStatus !== null && !unchanged) {
        await this.consents.update(em, existing.id, {
          status: input.status,
          expiresAt,
          recordedBy: caller.subject,
          at: now,
        });
      }
      if (!unchanged) {
        await this.consents.addHistory(em, existing.id, {
          status: input.status,
          previousStatus,
          recordedBy: caller.subject,
          evidence: input.evidence,
          at: now,
        });
        await this.outbox.append(
          em,
          subjectConsentEvent({
            consentId: existing.id,
            subjectId: input.subjectId,
            datasetId: input.datasetId,
            providerId: dataset.providerId,
            purpose: input.purpose,
            status: input.status,
            previousStatus: previousStatus as 'given' | 'withdrawn' | 'expired' | null,
            recordedBy: caller.subject,
            ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
            occurredAt: now.toISOString(),
          }),
        );
      }
      return {
        id: existing.id,
        subjectId: input.subjectId,
        datasetId: input.datasetId,
        purpose: input.purpose,
        status: input.status,
        expiresAt: expiresAt?.toISOString() ?? null,
        updatedAt: now.toISOString(),
        changed: !unchanged,
      };
    });
  }
}
