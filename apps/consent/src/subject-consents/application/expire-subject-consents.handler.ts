import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@dx/messaging';
import { subjectConsentEvent } from './consent-events';
import { CLOCK, type Clock } from '@dx/service-kit';

/** Marks given consents past their expiry as expired (one batch, `SKIP LOCKED`), with events. */
@Injectable()
export class ExpireSubjectConsentsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(batch: number): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (em) => {
      const due = await em.query<
        Array<{
          id: string;
          subject_id: string;
          dataset_id: string;
          provider_id: string;
          purpose: string;
          expires_at: Date;
        }>
      >(
        `SELECT id, subject_id, dataset_id, provider_id, purpose, expires_at FROM consent.subject_consents
         WHERE status = 'given' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, batch],
      );
      for (const c of due) {
        await em.query(
          `UPDATE consent.subject_consents SET status = 'expired', updated_at = $2 WHERE id = $1`,
          [c.id, now],
        );
        await em.query(
          `INSERT INTO consent.subject_consent_history (consent_id, seq, status, previous_status, recorded_by, at)
           SELECT $1, coalesce(max(seq), 0) + 1, 'expired', 'given', 'consent', $2 FROM consent.subject_consent_history WHERE consent_id = $1`,
          [c.id, c.expires_at],
        );
        await this.outbox.append(
          em,
          subjectConsentEvent({
            consentId: c.id,
            subjectId: c.subject_id,
            datasetId: c.dataset_id,
            providerId: c.provider_id,
            purpose: c.purpose,
            status: 'expired',
            previousStatus: 'given',
            recordedBy: 'consent',
            expiresAt: c.expires_at.toISOString(),
            occurredAt: c.expires_at.toISOString(),
          }),
        );
      }
      return due.length;
    });
  }
}
