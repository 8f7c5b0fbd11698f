import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { DataSource } from 'typeorm';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import { subjectDataset } from './subject-dataset';
import type { RecordConsentDto } from '../api/dto/record-consent.dto';
import { subjectConsentEvent } from './consent-events';
import { CLOCK, type Clock } from '@dx/service-kit';

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
  ) {}

  execute(input: RecordConsentDto, caller: Principal): Promise<ConsentRecordView> {
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
      const expiresAt =
        input.status === 'given' && input.expiresAt ? new Date(input.expiresAt) : null;
      if (expiresAt && expiresAt <= now)
        throw new AppError('invalid', 'CONSENT.EXPIRY_IN_PAST', 'expiresAt lies in the past', [
          { path: 'expiresAt', message: 'must be in the future' },
        ]);
      const key = [input.subjectId, input.datasetId, input.purpose];
      const select = `SELECT id, status, expires_at FROM consent.subject_consents
                      WHERE subject_id = $1 AND dataset_id = $2 AND purpose = $3 FOR UPDATE`;
      let [existing] = await em.query<
        Array<{ id: string; status: string; expires_at: Date | null }>
      >(select, key);
      let previousStatus: string | null = existing?.status ?? null;
      if (!existing) {
        const inserted = await em.query<Array<{ id: string }>>(
          `INSERT INTO consent.subject_consents (id, subject_id, dataset_id, provider_id, purpose, status, expires_at, recorded_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
           ON CONFLICT (subject_id, dataset_id, purpose) DO NOTHING RETURNING id`,
          [
            randomUUID(),
            input.subjectId,
            input.datasetId,
            dataset.providerId,
            input.purpose,
            input.status,
            expiresAt,
            caller.subject,
            now,
          ],
        );
        if (inserted.length === 0) {
          // A concurrent first record won the insert: continue as an update of it.
          [existing] = await em.query(select, key);
          previousStatus = existing.status;
        } else {
          existing = { id: inserted[0].id, status: input.status, expires_at: expiresAt };
        }
      }
      const unchanged =
        previousStatus === input.status &&
        (existing.expires_at?.getTime() ?? null) === (expiresAt?.getTime() ?? null);
      if (previousStatus !== null && !unchanged) {
        await em.query(
          `UPDATE consent.subject_consents SET status = $2, expires_at = $3, recorded_by = $4, updated_at = $5 WHERE id = $1`,
          [existing.id, input.status, expiresAt, caller.subject, now],
        );
      }
      if (!unchanged) {
        await em.query(
          `INSERT INTO consent.subject_consent_history (consent_id, seq, status, previous_status, recorded_by, evidence, at)
           SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6 FROM consent.subject_consent_history WHERE consent_id = $1`,
          [existing.id, input.status, previousStatus, caller.subject, input.evidence ?? null, now],
        );
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
