/*
 * The consent service's events, applied here: agreements and subject consents update the
 * replicas that governed reads check, and an erasure request reaches retention and the views.
 * A module of its own on top (it fans out to access, retention and views), so none of those
 * modules imports another that imports it back.
 */
import { Injectable } from '@nestjs/common';
import {
  AGREEMENT_EVENTS,
  SUBJECT_CONSENT_EVENTS,
  SubjectErasureRequestedV1,
  Topics,
  type AgreementEventV1,
  type EventEnvelope,
  type SubjectConsentEventV1,
} from '@dx/contracts';
import { type EventHandler, on, onEach } from '@dx/messaging';
import type { EntityManager } from 'typeorm';
import type { ConsumerDefinition } from '@dx/service-kit';
import { EraseSubjectHandler } from '../retention/application/erase-subject.handler';
import { ViewRefresher } from '../views/application/view-refresher';

/**
 * Group `integration.agreements`: the agreement replica governed reads check (state, consumer,
 * purpose, agreed fields of the terms in force). Newer aggregate versions win.
 */
@Injectable()
export class AgreementEventsConsumer implements ConsumerDefinition {
  readonly group = 'integration.agreements';
  readonly topics = [Topics.consentAgreement];

  handlers(): Record<string, EventHandler> {
    const apply = async (e: EventEnvelope<string, AgreementEventV1>, em: EntityManager) => {
      const d = e.data;
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
    };
    return onEach(AGREEMENT_EVENTS, apply);
  }
}

/**
 * Group `integration.subject-consents`: which subjects' rows may be served for which dataset and
 * purpose; a withdrawal applies as soon as this commits (within seconds of the consent event), views
 * over the dataset included. Erasure requests erase the subject's rows.
 */
@Injectable()
export class SubjectConsentEventsConsumer implements ConsumerDefinition {
  readonly group = 'integration.subject-consents';
  readonly topics = [Topics.consentSubjectConsent];

  constructor(
    private readonly views: ViewRefresher,
    private readonly erase: EraseSubjectHandler,
  ) {}

  handlers(): Record<string, EventHandler> {
    const apply = async (e: EventEnvelope<string, SubjectConsentEventV1>, em: EntityManager) => {
      const d = e.data;
      await em.query(
        `INSERT INTO integration.subject_consents (dataset_id, subject_id, purpose, status, changed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (dataset_id, subject_id, purpose) DO UPDATE SET status = EXCLUDED.status, changed_at = EXCLUDED.changed_at
         WHERE integration.subject_consents.changed_at <= EXCLUDED.changed_at`,
        [d.datasetId, d.subjectId, d.purpose, d.status, d.occurredAt],
      );
      await this.views.afterChange(
        em,
        d.datasetId,
        {
          sql: `SELECT data FROM integration.records WHERE dataset_id = $1 AND subject_id = $2 AND valid_to IS NULL`,
          params: [d.datasetId, d.subjectId],
        },
        { kind: 'consent', datasetId: d.datasetId, subjectId: d.subjectId },
      );
    };
    return {
      ...onEach(SUBJECT_CONSENT_EVENTS, apply),
      ...on(SubjectErasureRequestedV1, (e, em) => this.erase.execute(em, e.data)),
    };
  }
}
