import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AGREEMENT_EVENTS, Topics, type AgreementEventV1, type EventEnvelope } from '@dx/contracts';
import { onEach, type EventHandler } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { FollowAgreementTransfers } from '../application/follow-agreement-transfers';

/**
 * Group `dsp.transfers`: an agreement suspended, resumed or ended on the platform becomes the
 * suspension, restart or termination of the DSP transfers that read under it. Agreements with no
 * transfer are passed over.
 */
@Injectable()
export class TransferAgreementEventsConsumer implements ConsumerDefinition {
  readonly group = 'dsp.transfers';
  readonly topics = [Topics.consentAgreement];

  constructor(private readonly follow: FollowAgreementTransfers) {}

  handlers(): Record<string, EventHandler> {
    const apply = async (e: EventEnvelope<string, AgreementEventV1>, em: EntityManager) => {
      await this.follow.apply(em, e.data.agreementId, {
        state: e.data.state,
        previousState: e.data.previousState,
        reason: e.data.reason,
      });
    };
    return onEach(AGREEMENT_EVENTS, apply);
  }
}
