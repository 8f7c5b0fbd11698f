import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxWriter } from '@dx/messaging';
import { CLOCK, type Clock } from '@dx/service-kit';
import { SubjectConsentStore } from '../domain/subject-consent-store';
import { subjectConsentEvent } from './consent-events';

/** Marks given consents past their expiry as expired (one batch, `SKIP LOCKED`), with events. */
@Injectable()
export class ExpireSubjectConsentsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly consents: SubjectConsentStore<EntityManager>,
  ) {}

  // One bounded batch per call and per transaction: a backlog (the service was down for a day) is
  // worked off in short transactions that hold few row locks, the scheduler calling again.
  execute(batch: number): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (em) => {
      const due = await this.consents.lockDueExpiries(em, now, batch);
      for (const c of due) {
        await this.consents.markExpired(em, c.id, now);
        // The history and the event are dated when the consent lapsed, not when this pass ran.
        await this.consents.addHistory(em, c.id, {
          status: 'expired',
          previousStatus: 'given',
          recordedBy: 'consent',
          at: c.expiresAt,
        });
        await this.outbox.append(
          em,
          subjectConsentEvent({
            consentId: c.id,
            subjectId: c.subjectId,
            datasetId: c.datasetId,
            providerId: c.providerId,
            purpose: c.purpose,
            status: 'expired',
            previousStatus: 'given',
            // The platform, not a person, recorded this change.
            recordedBy: 'consent',
            expiresAt: c.expiresAt.toISOString(),
            occurredAt: c.expiresAt.toISOString(),
          }),
        );
      }
      return due.length;
    });
  }
}
