import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@dx/contracts';
import type { DatasetFacts } from '../../datasets/persistence/dataset-replica';
import type { Agreement } from '../domain/agreement';

/*
 * What the agreements need from the modules built on them, declared here so that agreements
 * import none of those modules (obligations and policies import agreements, not the reverse);
 * the app module binds each port to its implementation.
 */

/**
 * Reacts, in the agreement's own transaction, to the transitions it just went through: opens or
 * cancels obligations and returns the events to publish with the agreement's (obligations module).
 */
export interface AgreementFollowUp {
  afterTransitions(em: EntityManager, a: Agreement, now: Date): Promise<EventEnvelope[]>;
}
export const AGREEMENT_FOLLOW_UP = Symbol('AGREEMENT_FOLLOW_UP');

/**
 * Decides a new request on the provider's behalf, in the request's transaction: accepts or rejects
 * it (a transition on `a`) or leaves it queued for a person (policies module).
 */
export interface RequestDecider {
  onRequest(
    em: EntityManager,
    a: Agreement,
    dataset: DatasetFacts,
    now: Date,
  ): Promise<{ outcome: 'accepted' | 'rejected' | 'queued' }>;
}
export const REQUEST_DECIDER = Symbol('REQUEST_DECIDER');
