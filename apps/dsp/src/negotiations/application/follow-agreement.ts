import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, SERVICE_CONFIG, type Clock } from '@dx/service-kit';
import { dspDatasetId, termsToPolicy, type PolicyTerms } from '@dx/dataspace';
import { odrlProfileOf, protocolAddressOf, type DspConfig } from '../../config/dsp.config';
import { OutboundQueue } from '../../outbound/application/outbound';
import type { PlatformAgreement } from '../../platform/application/platform-api';
import { agreed, isFinal, offered, terminated, type Negotiation } from '../domain/negotiation';
import { NegotiationStore } from '../domain/negotiation-store';
import {
  agreementMessage,
  agreementPolicy,
  offerMessage,
  terminationMessage,
} from '../domain/peer-messages';

/** Platform states in which both parties have agreed the terms (at some point). */
const AGREED_STATES = new Set(['AGREED', 'ACTIVE', 'SUSPENDED', 'NOTICE_GIVEN']);
/** Platform states that end a negotiation without agreement. */
const ENDED_STATES = new Set(['REJECTED', 'WITHDRAWN', 'EXPIRED', 'TERMINATED']);

/** The platform agreement as far as the negotiation follows it. */
export interface AgreementSnapshot {
  state: string;
  reason?: string;
  /** The newest term version: who proposed it and its terms. */
  latest?: {
    version: number;
    proposedBy: string;
    terms: PolicyTerms & { reciprocalAgreementId?: string };
  };
}

/** What the negotiation follows of an agreement consent shows. */
export function snapshotOf(a: PlatformAgreement): AgreementSnapshot {
  const latest = a.termVersions.find((v) => v.version === a.latestTermVersion);
  return {
    state: a.state,
    ...(a.stateReason ? { reason: a.stateReason } : {}),
    ...(latest
      ? { latest: { version: latest.version, proposedBy: latest.proposedBy, terms: latest.terms } }
      : {}),
  };
}

/**
 * What the provider decided on the platform agreement, applied to the negotiation it is: an
 * agreement, a counter-offer or a refusal is owed to the consumer's connector and queued in the
 * same transaction.
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

  async apply(em: EntityManager, n: Negotiation, a: AgreementSnapshot): Promise<Negotiation> {
    const now = this.clock.now();
    let next: Negotiation | null = null;
    if (
      a.state === 'OFFERED' &&
      a.latest?.proposedBy === 'provider' &&
      a.latest.version > n.termVersion &&
      (n.state === 'REQUESTED' || n.state === 'ACCEPTED')
    ) {
      // A provider's counter-offer on the platform. A second one before the connector answered has
      // no DSP message (an offer answers a request); the connector's answer to the first then
      // meets consent's stale-terms refusal (docs/dataspace.md §2).
      next = offered(
        n,
        this.offerPolicy(n, a.latest.version, a.latest.terms),
        a.latest.version,
        now,
      );
      await this.owe(em, next, offerMessage(next, protocolAddressOf(this.config)));
    } else if (AGREED_STATES.has(a.state) && (n.state === 'REQUESTED' || n.state === 'ACCEPTED')) {
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

  /** A term version as the ODRL `Offer` of the platform for the negotiation's dataset. */
  private offerPolicy(
    n: Negotiation,
    version: number,
    { reciprocalAgreementId: _link, ...terms }: PolicyTerms & { reciprocalAgreementId?: string },
  ): Record<string, unknown> {
    return {
      ...termsToPolicy(terms, odrlProfileOf(this.config), {
        '@id': `urn:dx:offer:${n.agreementId}:${version}`,
        '@type': 'Offer',
        target: dspDatasetId(n.datasetId),
        assigner: this.config.DSP_CLIENT_ID,
      }),
    };
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
