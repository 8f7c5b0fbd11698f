import { AppError } from '@dx/contracts';

/*
 * A pull grant: what a data-space transfer process (docs/dataspace.md §6) is on the data plane. The
 * consumer of an agreement opens one and receives a bearer token for it, shown once and stored only
 * as its hash; while the grant is STARTED the token reads the agreement's records through the
 * governed read. Suspending, completing or terminating it stops the token; only a suspended grant
 * may start again.
 */

export type TransferGrantState = 'STARTED' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';
export type TransferCommand = 'suspend' | 'resume' | 'complete' | 'terminate';

const NEXT: Record<TransferCommand, Partial<Record<TransferGrantState, TransferGrantState>>> = {
  suspend: { STARTED: 'SUSPENDED' },
  resume: { SUSPENDED: 'STARTED' },
  complete: { STARTED: 'COMPLETED', SUSPENDED: 'COMPLETED' },
  terminate: { STARTED: 'TERMINATED', SUSPENDED: 'TERMINATED' },
};

export interface TransferGrant {
  id: string;
  agreementId: string;
  consumerId: string;
  /** The caller's own name for the transfer (the DSP process id), for correlation in logs. */
  reference: string | null;
  state: TransferGrantState;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Commands allowed from a state, for the 409 answer. */
export const allowedTransferCommands = (state: TransferGrantState): TransferCommand[] =>
  (Object.keys(NEXT) as TransferCommand[]).filter((c) => NEXT[c][state] !== undefined);

/** The grant after a command, or 409 naming what the state allows. */
export function applyTransferCommand(
  grant: TransferGrant,
  command: TransferCommand,
  reason: string | null,
  now: Date,
): TransferGrant {
  const next = NEXT[command][grant.state];
  if (!next)
    throw new AppError(
      'conflict',
      'TRANSFER.INVALID_TRANSITION',
      `a ${grant.state} transfer cannot ${command}`,
      [],
      { transferState: grant.state, allowedCommands: allowedTransferCommands(grant.state) },
    );
  return { ...grant, state: next, reason, updatedAt: now };
}
