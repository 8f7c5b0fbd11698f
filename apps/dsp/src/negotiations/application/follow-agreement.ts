import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, SERVICE_CONFIG, type Clock } from '@dx/service-kit';
import { odrlProfileOf, type DspConfig } from '../../config/dsp.config';
import { OutboundQueue } from '../../outbound/application/outbound';
import { agreed, isFinal, terminated, type Negotiation } from '../domain/negotiation';
import { NegotiationStore } from '../domain/negotiation-store';
import { agreementMessage, agreementPolicy, terminationMessage } from '../domain/peer-messages';

/** Platform states in which both parties have agreed the terms (at some point). */
const AGREED_STATES = new Set(['AGREED', 'ACTIVE', 'SUSPENDED', 'NOTICE_GIVEN']);
/** Platform states that end a negotiation without agreement. */
const ENDED_STATES = new Set(['REJECTED', 'WITHDRAWN', 'EXPIRED', 'TERMINATED']);

/**
 * What the provider decided on the platform agreement, applied to the negotiation it is: an
 * agreement (or a refusal) is owed to the consumer's connector and queued in the same transaction.
 * Called with the negotiation locked, by the request itself and by the consent events that follow.
 */
@Injectable()
export class FollowAgreement {
  constructor(
    private readonly store: NegotiationStore<EntityManager>,
    private readonly queue: OutboundQueue<EntityManager>,
    @Inject(SERVICE_CONFIG) private readonly config: DspConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(
    em: EntityManager,
    n: Negotiation,
    a: { state: string; reason?: string },
  ): Promise<Negotiation> {
    const now = this.clock.now();
    let next: Negotiation | null = null;
    if (AGREED_STATES.has(a.state) && (n.state === 'REQUESTED' || n.state === 'ACCEPTED')) {
      const policy = agreementPolicy(
        n,
        n.agreementId!,
        this.config.DSP_CLIENT_ID,
        odrlProfileOf(this.config),
        now,
      );
      next = agreed(n, policy, now);
      await this.owe(em, next, agreementMessage(next));
    } else if (ENDED_STATES.has(a.state) && !isFinal(n) && n.state !== 'AGREED') {
      const why =
        a.state === 'REJECTED' ? 'the provider refused the request' : `the agreement is ${a.state}`;
      next = terminated(n, a.reason ? `${why}: ${a.reason}` : why, now);
      await this.owe(em, next, terminationMessage(next, `AGREEMENT.${a.state}`));
    }
    if (!next) return n;
    if (!(await this.store.save(em, next, n.version)))
      throw new AppError('conflict', 'DSP.CONCURRENT_CHANGE', 'the negotiation changed meanwhile');
    return next;
  }

  private owe(
    em: EntityManager,
    n: Negotiation,
    m: { url: string; body: Record<string, unknown> },
  ) {
    return this.queue.enqueue(em, {
      providerPid: n.providerPid,
      url: m.url,
      audience: n.callbackAddress,
      body: m.body,
    });
  }
}
