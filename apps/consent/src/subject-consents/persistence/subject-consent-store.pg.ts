import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  SubjectConsentStore,
  type ConsentChange,
  type ConsentKey,
  type DueExpiry,
  type ErasureRequest,
  type HistoryEntry,
  type LockedConsent,
} from '../domain/subject-consent-store';

const SELECT_LOCKED = `SELECT id, status, expires_at FROM consent.subject_consents
                       WHERE subject_id = $1 AND dataset_id = $2 AND purpose = $3 FOR UPDATE`;

/** `consent.subject_consents`, `subject_consent_history` and `erasure_requests`. */
@Injectable()
export class PgSubjectConsentStore extends SubjectConsentStore<EntityManager> {
  async lockOrCreate(
    em: EntityManager,
    k: ConsentKey,
    initial: ConsentChange & { providerId: string },
  ): Promise<LockedConsent> {
    const key = [k.subjectId, k.datasetId, k.purpose];
    type Row = { id: string; status: string; expires_at: Date | null };
    let [existing] = await em.query<Row[]>(SELECT_LOCKED, key);
    if (!existing) {
      const inserted = await em.query<Array<{ id: string }>>(
        `INSERT INTO consent.subject_consents (id, subject_id, dataset_id, provider_id, purpose, status, expires_at, recorded_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
         ON CONFLICT (subject_id, dataset_id, purpose) DO NOTHING RETURNING id`,
        [
          randomUUID(),
          k.subjectId,
          k.datasetId,
          initial.providerId,
          k.purpose,
          initial.status,
          initial.expiresAt,
          initial.recordedBy,
          initial.at,
        ],
      );
      if (inserted.length > 0)
        return { id: inserted[0].id, previousStatus: null, previousExpiresAt: null };
      // A concurrent first record won the insert: continue as an update of it.
      [existing] = await em.query<Row[]>(SELECT_LOCKED, key);
    }
    return {
      id: existing.id,
      previousStatus: existing.status,
      previousExpiresAt: existing.expires_at,
    };
  }

  async update(em: EntityManager, id: string, c: ConsentChange): Promise<void> {
    await em.query(
      `UPDATE consent.subject_consents SET status = $2, expires_at = $3, recorded_by = $4, updated_at = $5 WHERE id = $1`,
      [id, c.status, c.expiresAt, c.recordedBy, c.at],
    );
  }

  /**
   * The next sequence number is max + 1 without a sequence object: the caller holds the consent
   * row's lock (lockOrCreate or lockDueExpiries), so no two entries of one consent race for it.
   */
  async addHistory(em: EntityManager, id: string, e: HistoryEntry): Promise<void> {
    await em.query(
      `INSERT INTO consent.subject_consent_history (consent_id, seq, status, previous_status, recorded_by, evidence, at)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6 FROM consent.subject_consent_history WHERE consent_id = $1`,
      [id, e.status, e.previousStatus, e.recordedBy, e.evidence ?? null, e.at],
    );
  }

  /** Only for a row taken by {@link lockDueExpiries} in the same transaction. */
  async markExpired(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query(
      `UPDATE consent.subject_consents SET status = 'expired', updated_at = $2 WHERE id = $1`,
      [id, at],
    );
  }

  /**
   * Consents past their expiry, oldest first in bounded batches; SKIP LOCKED lets replicas expire
   * side by side without taking the same consent, and a subject changing it now is left for later.
   */
  async lockDueExpiries(em: EntityManager, now: Date, limit: number): Promise<DueExpiry[]> {
    const rows = await em.query<
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
      [now, limit],
    );
    return rows.map((c) => ({
      id: c.id,
      subjectId: c.subject_id,
      datasetId: c.dataset_id,
      providerId: c.provider_id,
      purpose: c.purpose,
      expiresAt: new Date(c.expires_at),
    }));
  }

  /**
   * An erasure request is kept as a record of the demand (who asked, for which dataset, when); the
   * erasure itself happens where the rows live, in integration, when its event arrives.
   */
  async addErasureRequest(em: EntityManager, r: ErasureRequest): Promise<void> {
    await em.query(
      `INSERT INTO consent.erasure_requests (id, subject_id, dataset_id, provider_id, requested_by, reference, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.requestId, r.subjectId, r.datasetId, r.providerId, r.requestedBy, r.reference, r.at],
    );
  }
}
