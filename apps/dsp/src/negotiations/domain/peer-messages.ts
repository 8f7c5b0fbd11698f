import { withListOperands } from '@dx/dataspace';
import { DSP_CONTEXT } from '../../protocol/domain/messages';
import type { Negotiation } from './negotiation';

/*
 * The DSP 2025-1 messages the provider owes a consumer, and where they go (the consumer's callback
 * address, HTTPS binding paths). Pure.
 */

type Json = Record<string, unknown>;
export interface PeerMessage {
  url: string;
  body: Json;
}

const at = (n: Negotiation, path: string): string =>
  `${n.callbackAddress}/negotiations/${encodeURIComponent(n.consumerPid)}/${path}`;

const pids = (n: Negotiation) => ({ providerPid: n.providerPid, consumerPid: n.consumerPid });

/**
 * The agreement: exactly the rules the consumer requested (a connector such as EDC checks that the
 * agreement equals the offer it holds), list operands as lists again and our ODRL profile named
 * (EDC keeps an offer's profile but leaves it out of its messages), as an `Agreement` between the
 * platform and the consumer's participant.
 */
export function agreementPolicy(
  n: Negotiation,
  agreementId: string,
  participantId: string,
  profile: string,
  now: Date,
): Json {
  const {
    '@id': _offerId,
    '@type': _offer,
    assigner: _a,
    assignee: _b,
    ...rules
  } = withListOperands(n.offer);
  return {
    ...rules,
    profile,
    '@id': `urn:uuid:${agreementId}`,
    '@type': 'Agreement',
    assigner: participantId,
    assignee: n.consumerId,
    timestamp: now.toISOString(),
  };
}

/**
 * The provider's counter-offer (ContractOfferMessage): the policy as an `Offer` of the platform for
 * the dataset; the consumer accepts it (ContractNegotiationEventMessage ACCEPTED), answers with a
 * request of its own, or terminates.
 */
export const offerMessage = (n: Negotiation, callbackAddress: string): PeerMessage => ({
  url: at(n, 'offers'),
  body: {
    '@context': [DSP_CONTEXT],
    '@type': 'ContractOfferMessage',
    ...pids(n),
    offer: n.offer,
    callbackAddress,
  },
});

export const agreementMessage = (n: Negotiation): PeerMessage => ({
  url: at(n, 'agreement'),
  body: {
    '@context': [DSP_CONTEXT],
    '@type': 'ContractAgreementMessage',
    ...pids(n),
    agreement: n.agreement,
  },
});

export const finalizedEvent = (n: Negotiation): PeerMessage => ({
  url: at(n, 'events'),
  body: {
    '@context': [DSP_CONTEXT],
    '@type': 'ContractNegotiationEventMessage',
    ...pids(n),
    eventType: 'FINALIZED',
  },
});

export const terminationMessage = (n: Negotiation, code: string): PeerMessage => ({
  url: at(n, 'termination'),
  body: {
    '@context': [DSP_CONTEXT],
    '@type': 'ContractNegotiationTerminationMessage',
    ...pids(n),
    code,
    reason: [n.reason ?? 'terminated'],
  },
});

/** The negotiation as DSP shows it (`GET /negotiations/{pid}` and the answer to a request). */
export const negotiationResource = (n: Negotiation): Json => ({
  '@context': [DSP_CONTEXT],
  '@type': 'ContractNegotiation',
  ...pids(n),
  state: n.state,
});
