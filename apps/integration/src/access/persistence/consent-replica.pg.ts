import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgreementEventV1, SubjectConsentEventV1 } from '@dx/contracts';
import { ConsentReplica } from '../domain/consent-replica';

/** `integration.agreements` and `integration.subject_consents`. */
@Injectable()
export class PgConsentReplica extends ConsentReplica<EntityManager> {
  async keepAgreement(em: EntityManager, d: AgreementEventV1): Promise<void> {
    // The terms in force: the event's own terms when they are the current version.
    const inForce = d.currentTermVersion === d.termVersion || d.currentTermVersion === undefined;
    await em.query(
      `INSERT INTO integration.agreements (agreement_id, dataset_id, provider_id, consumer_id, state, state_reason, purpose, fields, version, updated_at, freshness)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12)
       ON CONFLICT (agreement_id) DO UPDATE SET
         state = EXCLUDED.state, state_reason = EXCLUDED.state_reason, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
         purpose = CASE WHEN $11 THEN EXCLUDED.purpose ELSE integration.agreements.purpose END,
         fields = CASE WHEN $11 THEN EXCLUDED.fields ELSE integration.agreements.fields END,
         freshness = CASE WHEN $11 THEN EXCLUDED.freshness ELSE integration.agreements.freshness END
       WHERE integration.agreements.version <= EXCLUDED.version`,
      [
        d.agreementId,
        d.datasetId,
        d.providerId,
        d.consumerId,
        d.state,
        d.reason ?? null,
        d.terms.purpose,
        d.terms.fields,
        d.version,
        d.occurredAt,
        inForce,
        d.terms.freshness ?? null,
      ],
    );
  }

  async keepSubjectConsent(em: EntityManager, d: SubjectConsentEventV1): Promise<void> {
    await em.query(
      `INSERT INTO integration.subject_consents (dataset_id, subject_id, purpose, status, changed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (dataset_id, subject_id, purpose) DO UPDATE SET status = EXCLUDED.status, changed_at = EXCLUDED.changed_at
       WHERE integration.subject_consents.changed_at <= EXCLUDED.changed_at`,
      [d.datasetId, d.subjectId, d.purpose, d.status, d.occurredAt],
    );
  }

  async freshnessAgreed(em: EntityManager, datasetId: string): Promise<string[]> {
    const rows = await em.query<Array<{ freshness: string }>>(
      `SELECT freshness FROM integration.agreements
       WHERE dataset_id = $1 AND state IN ('ACTIVE', 'SUSPENDED', 'NOTICE_GIVEN') AND freshness IS NOT NULL`,
      [datasetId],
    );
    return rows.map((r) => r.freshness);
  }
}
