/*
 * A contract negotiation as the provider side of DSP 2025-1 sees it (docs/dataspace.md §1). Its
 * states are the specification's; what moves it is either a peer's message or what the provider
 * decided on the platform agreement the negotiation created. Pure: every transition takes `now`,
 * checks the state and says which message the peer is owed, if any.
 */

export type NegotiationState =
  'REQUESTED' | 'OFFERED' | 'ACCEPTED' | 'AGREED' | 'VERIFIED' | 'FINALIZED' | 'TERMINATED';

type Json = Record<string, unknown>;

export interface Negotiation {
  providerPid: string;
  consumerPid: string;
  /** The participant whose connector negotiates (the token's subject). */
  consumerId: string;
  callbackAddress: string;
  state: NegotiationState;
  datasetId: string;
  /** The platform agreement this negotiation is (set once consent has it). */
  agreementId: string | null;
  /** The ODRL policy under negotiation, exactly as last offered or requested. */
  offer: Json;
  /** The ODRL agreement sent to the consumer. */
  agreement: Json | null;
  /** The platform term version the offer is. */
  termVersion: number;
  reason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Thrown for a message the negotiation's state does not allow: DSP answers 400 with the state. */
export class NegotiationStateError extends Error {
  constructor(
    readonly negotiation: Negotiation,
    readonly attempted: string,
  ) {
    super(`a ${negotiation.state} negotiation does not take ${attempted}`);
    this.name = 'NegotiationStateError';
  }
}

const FINAL: ReadonlySet<NegotiationState> = new Set(['FINALIZED', 'TERMINATED']);

function move(
  n: Negotiation,
  from: NegotiationState[],
  to: NegotiationState,
  attempted: string,
  now: Date,
  patch: Partial<Negotiation> = {},
): Negotiation {
  if (!from.includes(n.state)) throw new NegotiationStateError(n, attempted);
  return { ...n, ...patch, state: to, version: n.version + 1, updatedAt: now };
}

export function startNegotiation(
  n: Omit<Negotiation, 'state' | 'agreement' | 'reason' | 'version' | 'updatedAt'>,
): Negotiation {
  return {
    ...n,
    state: 'REQUESTED',
    agreement: null,
    reason: null,
    version: 1,
    updatedAt: n.createdAt,
  };
}

/** The provider agreed (both sides accepted the terms on the platform): the agreement is owed. */
export const agreed = (n: Negotiation, agreement: Json, now: Date): Negotiation =>
  move(n, ['REQUESTED', 'ACCEPTED'], 'AGREED', 'an agreement', now, { agreement });

/** The provider made a counter-offer on the platform: the offer is owed. */
export const offered = (n: Negotiation, offer: Json, termVersion: number, now: Date): Negotiation =>
  move(n, ['REQUESTED', 'ACCEPTED'], 'OFFERED', 'an offer', now, { offer, termVersion });

/** The consumer accepted our offer. */
export const consumerAccepted = (n: Negotiation, now: Date): Negotiation =>
  move(n, ['OFFERED'], 'ACCEPTED', 'ContractNegotiationEventMessage ACCEPTED', now);

/** The consumer answered our offer with a request of its own. */
export const counterRequested = (n: Negotiation, offer: Json, termVersion: number, now: Date) =>
  move(n, ['OFFERED'], 'REQUESTED', 'ContractRequestMessage', now, { offer, termVersion });

/** The consumer verified the agreement; the provider finalizes at once (the event is owed). */
export const verified = (n: Negotiation, now: Date): Negotiation =>
  move(n, ['AGREED'], 'FINALIZED', 'ContractAgreementVerificationMessage', now);

/** Either side ends the negotiation; a finished one cannot end again. */
export function terminated(n: Negotiation, reason: string, now: Date): Negotiation {
  if (FINAL.has(n.state)) throw new NegotiationStateError(n, 'a termination');
  return { ...n, state: 'TERMINATED', reason, version: n.version + 1, updatedAt: now };
}

export const isFinal = (n: Negotiation): boolean => FINAL.has(n.state);
