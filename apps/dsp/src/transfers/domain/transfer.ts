/*
 * A transfer process as the provider side of DSP 2025-1 sees it: an HTTP pull of an agreement's
 * records, whose data plane is integration's pull grant (docs/dataspace.md §6). Pure.
 */

export type TransferState = 'REQUESTED' | 'STARTED' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';

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
  t: Omit<Transfer, 'state' | 'grantId' | 'reason' | 'version' | 'updatedAt'>,
): Transfer => ({
  ...t,
  state: 'REQUESTED',
  grantId: null,
  reason: null,
  version: 1,
  updatedAt: t.createdAt,
});

export const started = (t: Transfer, grantId: string, now: Date): Transfer =>
  move(t, ['REQUESTED'], 'STARTED', 'a start', now, { grantId });

export const suspended = (t: Transfer, reason: string, now: Date): Transfer =>
  move(t, ['STARTED'], 'SUSPENDED', 'TransferSuspensionMessage', now, { reason });

export const resumed = (t: Transfer, now: Date): Transfer =>
  move(t, ['SUSPENDED'], 'STARTED', 'TransferStartMessage', now, { reason: null });

export const completed = (t: Transfer, now: Date): Transfer =>
  move(t, ['STARTED', 'SUSPENDED'], 'COMPLETED', 'TransferCompletionMessage', now);

export const transferTerminated = (t: Transfer, reason: string, now: Date): Transfer =>
  move(t, ['REQUESTED', 'STARTED', 'SUSPENDED'], 'TERMINATED', 'TransferTerminationMessage', now, {
    reason,
  });
