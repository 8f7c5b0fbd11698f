import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AGREEMENT_EVENTS, Topics, type AgreementEventV1, type EventEnvelope } from '@dx/contracts';
import { onEach, type EventHandler } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { FollowAgreement } from '../application/follow-agreement';
import { NegotiationStore } from '../domain/negotiation-store';

/**
 * Group `dsp.negotiations`: what the provider decides on an agreement that a DSP negotiation made
 * (a counter-offer, accepted later by a person, refused, withdrawn) becomes the message owed to the consumer's
 * connector. Agreements made over REST have no negotiation and are passed over.
 */
@Injectable()
export class AgreementEventsConsumer implements ConsumerDefinition {
  readonly group = 'dsp.negotiations';
  readonly topics = [Topics.consentAgreement];

  constructor(
    private readonly store: NegotiationStore<EntityManager>,
    private readonly follow: FollowAgreement,
  ) {}

  handlers(): Record<string, EventHandler> {
    const apply = async (e: EventEnvelope<string, AgreementEventV1>, em: EntityManager) => {
      const n = await this.store.byAgreement(em, e.data.agreementId, true);
      if (!n) return;
      await this.follow.apply(em, n, {
        state: e.data.state,
        reason: e.data.reason,
        ...(e.type === 'consent.agreement.offered'
          ? {
              latest: {
                version: e.data.termVersion,
                proposedBy: e.data.actor.role,
                terms: e.data.terms,
              },
            }
          : {}),
      });
    };
    return onEach(AGREEMENT_EVENTS, apply);
  }
}
