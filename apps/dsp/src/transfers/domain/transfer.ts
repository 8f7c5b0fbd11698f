/*
 * A transfer process as the provider side of DSP 2025-1 sees it: an HTTP pull of an agreement's
 * records, whose data plane is integration's pull grant (docs/dataspace.md §6). Pure.
 */

export type TransferState = 'REQUESTED' | 'STARTED' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';
export type Party = 'consumer' | 'provider';

export interface Transfer {
  providerPid: string;
  consumerPid: string;
  consumerId: string;
  callbackAddress: string;
  /** The platform agreement the records are read under. */
  agreementId: string;
  state: TransferState;
  /** Integration's pull grant, once opened. */
  grantId: string | null;
  reason: string | null;
  /** Who suspended it, while it is SUSPENDED: only the consumer's own suspension is its to end. */
  suspendedBy: Party | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export class TransferStateError extends Error {
  constructor(
    readonly transfer: Transfer,
    readonly attempted: string,
  ) {
    super(`a ${transfer.state} transfer does not take ${attempted}`);
    this.name = 'TransferStateError';
  }
}

function move(
  t: Transfer,
  from: TransferState[],
  to: TransferState,
  attempted: string,
  now: Date,
  patch: Partial<Transfer> = {},
): Transfer {
  if (!from.includes(t.state)) throw new TransferStateError(t, attempted);
  return { ...t, ...patch, state: to, version: t.version + 1, updatedAt: now };
}

export const requestTransfer = (
  t: Omit<Transfer, 'state' | 'grantId' | 'reason' | 'suspendedBy' | 'version' | 'updatedAt'>,
): Transfer => ({
  ...t,
  state: 'REQUESTED',
  grantId: null,
  reason: null,
  suspendedBy: null,
  version: 1,
  updatedAt: t.createdAt,
});

export const started = (t: Transfer, grantId: string, now: Date): Transfer =>
  move(t, ['REQUESTED'], 'STARTED', 'a start', now, { grantId });

export const suspended = (
  t: Transfer,
  reason: string,
  now: Date,
  by: Party = 'consumer',
): Transfer =>
  move(t, ['STARTED'], 'SUSPENDED', 'TransferSuspensionMessage', now, { reason, suspendedBy: by });

/** A restart: by whoever suspended it (the consumer cannot lift the provider's suspension). */
export function resumed(t: Transfer, now: Date, by: Party = 'consumer'): Transfer {
  if (t.state === 'SUSPENDED' && t.suspendedBy === 'provider' && by === 'consumer')
    throw new TransferStateError(t, 'a restart while the provider has it suspended');
  return move(t, ['SUSPENDED'], 'STARTED', 'TransferStartMessage', now, {
    reason: null,
    suspendedBy: null,
  });
}

export const completed = (t: Transfer, now: Date): Transfer =>
  move(t, ['STARTED', 'SUSPENDED'], 'COMPLETED', 'TransferCompletionMessage', now, {
    suspendedBy: null,
  });

export const transferTerminated = (t: Transfer, reason: string, now: Date): Transfer =>
  move(t, ['REQUESTED', 'STARTED', 'SUSPENDED'], 'TERMINATED', 'TransferTerminationMessage', now, {
    reason,
    suspendedBy: null,
  });

/** Platform agreement states in which records can no longer be read under it, ever. */
const AGREEMENT_ENDED = new Set(['TERMINATED', 'EXPIRED', 'WITHDRAWN', 'REJECTED']);

/** What happened to the agreement a transfer reads under (a `consent.agreement.v1` event). */
export interface AgreementMove {
  state: string;
  previousState: string | null;
  reason?: string;
}

/**
 * The provider's side of a transfer is the platform agreement: suspended there, the transfer is
 * suspended by the provider; resumed there, the transfers the provider suspended start again;
 * ended there, every unfinished transfer ends. Null when the move leaves the transfer as it is.
 */
export function followAgreement(
  t: Transfer,
  a: AgreementMove,
  now: Date,
): { next: Transfer; message: 'suspension' | 'start' | 'termination'; code: string } | null {
  const why = (what: string) => (a.reason ? `${what}: ${a.reason}` : what);
  if (a.state === 'SUSPENDED' && t.state === 'STARTED')
    return {
      next: suspended(t, why('the provider suspended the agreement'), now, 'provider'),
      message: 'suspension',
      code: 'AGREEMENT.SUSPENDED',
    };
  if (
    a.state === 'ACTIVE' &&
    a.previousState === 'SUSPENDED' &&
    t.state === 'SUSPENDED' &&
    t.suspendedBy === 'provider'
  )
    return { next: resumed(t, now, 'provider'), message: 'start', code: 'AGREEMENT.RESUMED' };
  if (AGREEMENT_ENDED.has(a.state) && ['REQUESTED', 'STARTED', 'SUSPENDED'].includes(t.state))
    return {
      next: transferTerminated(t, why(`the agreement is ${a.state}`), now),
      message: 'termination',
      code: `AGREEMENT.${a.state}`,
    };
  return null;
}
