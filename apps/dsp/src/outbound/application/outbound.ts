/** A DSP message owed to a peer, queued in the transaction that decided it (docs/dataspace.md §1). */
export interface OutboundMessage {
  providerPid: string;
  /** Where it goes: the peer's callback address and the message's path. */
  url: string;
  /** Who it is for: the token the peer gets is issued for this address. */
  audience: string;
  body: Record<string, unknown>;
}

export interface DueMessage extends OutboundMessage {
  id: string;
  attempts: number;
}

/** The queue; `Tx` is the caller's transaction, so a state change and its message commit together. */
export abstract class OutboundQueue<Tx> {
  abstract enqueue(tx: Tx, m: OutboundMessage): Promise<void>;
  /** Due messages, the oldest unsent one per process, held for `leaseMs`. */
  abstract claim(tx: Tx, limit: number, leaseMs: number): Promise<DueMessage[]>;
  abstract sent(tx: Tx, id: string): Promise<void>;
  abstract failed(tx: Tx, id: string, error: string, retryInMs: number): Promise<void>;
}
