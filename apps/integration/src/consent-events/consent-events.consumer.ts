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
import { ConsentReplica } from '../access/domain/consent-replica';
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

  constructor(private readonly replica: ConsentReplica<EntityManager>) {}

  handlers(): Record<string, EventHandler> {
    const apply = (e: EventEnvelope<string, AgreementEventV1>, em: EntityManager) =>
      this.replica.keepAgreement(em, e.data);
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
    private readonly replica: ConsentReplica<EntityManager>,
    private readonly views: ViewRefresher,
    private readonly erase: EraseSubjectHandler,
  ) {}

  handlers(): Record<string, EventHandler> {
    const apply = async (e: EventEnvelope<string, SubjectConsentEventV1>, em: EntityManager) => {
      const d = e.data;
      await this.replica.keepSubjectConsent(em, d);
      await this.views.afterChange(
        em,
        { kind: 'subject', datasetId: d.datasetId, subjectId: d.subjectId },
        { kind: 'consent', datasetId: d.datasetId, subjectId: d.subjectId },
      );
    };
    return {
      ...onEach(SUBJECT_CONSENT_EVENTS, apply),
      ...on(SubjectErasureRequestedV1, (e, em) => this.erase.execute(em, e.data)),
    };
  }
}
