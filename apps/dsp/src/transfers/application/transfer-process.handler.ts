import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, type Clock, type Principal } from '@dx/service-kit';
import { OutboundQueue } from '../../outbound/application/outbound';
import { PlatformApi, PlatformRefusal } from '../../platform/application/platform-api';
import { uuidOfIri } from '../../protocol/domain/iri';
import type { ProcessMessage, TransferRequest } from '../../protocol/domain/messages';
import {
  completed,
  requestTransfer,
  resumed,
  started,
  suspended,
  transferTerminated,
  TransferStateError,
  type Transfer,
} from '../domain/transfer';
import { startMessage } from '../domain/transfer-messages';
import { TransferStore } from '../domain/transfer-store';

type Command = 'suspend' | 'resume' | 'complete' | 'terminate';
const APPLY: Record<Command, (t: Transfer, reason: string, now: Date) => Transfer> = {
  suspend: (t, reason, now) => suspended(t, reason, now),
  resume: (t, _reason, now) => resumed(t, now),
  complete: (t, _reason, now) => completed(t, now),
  terminate: (t, reason, now) => transferTerminated(t, reason, now),
};

/** A message the transfer's state does not take: 409 with the state (DSP error body). */
function inState<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof TransferStateError)
      throw new AppError('conflict', 'DSP.INVALID_STATE', err.message, [], {
        state: err.transfer.state,
      });
    throw err;
  }
}

/**
 * DSP transfer processes over integration's pull grants (docs/dataspace.md §6): a request opens a
 * grant under the agreement with the connector's own token (so only the agreement's consumer, and
 * only while the agreement is in force), and the start message owed to the connector carries where
 * to pull and the grant's token. Suspension, restart, completion and termination move the grant
 * with it, so the token reads exactly while the process is STARTED.
 */
@Injectable()
export class TransferProcessHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TransferStore<EntityManager>,
    private readonly queue: OutboundQueue<EntityManager>,
    private readonly platform: PlatformApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async request(msg: TransferRequest, caller: Principal, token: string): Promise<Transfer> {
    const known = await this.store.byConsumerPid(
      this.dataSource.manager,
      caller.subject,
      msg.consumerPid,
    );
    if (known) return known;
    const agreementId = uuidOfIri(msg.agreementId);
    if (!agreementId)
      throw new AppError('invalid', 'DSP.INVALID_MESSAGE', 'not an agreement of ours', [
        { path: 'agreementId', message: 'must be the @id of an agreement the platform sent' },
      ]);
    const t = requestTransfer({
      providerPid: `urn:uuid:${randomUUID()}`,
      consumerPid: msg.consumerPid,
      consumerId: caller.subject,
      callbackAddress: msg.callbackAddress,
      agreementId,
      createdAt: this.clock.now(),
    });
    await this.dataSource.transaction((em) => this.store.insert(em, t));
    let grant: { id: string; token: string; endpoint: string };
    try {
      grant = await this.platform.openTransfer(token, agreementId, t.providerPid);
    } catch (err) {
      if (err instanceof PlatformRefusal)
        await this.dataSource.transaction((em) =>
          this.store.save(
            em,
            transferTerminated(t, `${err.code}: ${err.detail}`, this.clock.now()),
            t.version,
          ),
        );
      throw err;
    }
    return this.dataSource.transaction(async (em) => {
      const next = started(t, grant.id, this.clock.now());
      await this.queue.enqueue(em, {
        providerPid: t.providerPid,
        audience: t.callbackAddress,
        ...startMessage(next, { endpoint: grant.endpoint, token: grant.token }),
      });
      await this.store.save(em, next, t.version);
      return next;
    });
  }

  async get(providerPid: string, caller: Principal): Promise<Transfer> {
    return this.mine(
      await this.store.byProviderPid(this.dataSource.manager, providerPid),
      providerPid,
      caller,
    );
  }

  /** The consumer's completion, suspension, termination or restart, applied to the grant too. */
  async command(
    providerPid: string,
    command: Command,
    msg: ProcessMessage,
    caller: Principal,
    token: string,
  ): Promise<Transfer> {
    const t = this.mine(
      await this.store.byProviderPid(this.dataSource.manager, providerPid),
      providerPid,
      caller,
    );
    if (msg.providerPid !== providerPid || msg.consumerPid !== t.consumerPid)
      throw new AppError('invalid', 'DSP.PROCESS_MISMATCH', 'the message names another process', [
        { path: 'consumerPid', message: `this transfer's consumerPid is ${t.consumerPid}` },
      ]);
    const reason =
      [msg.code, ...(msg.reason ?? [])].filter(Boolean).join(': ') ||
      `the consumer asked to ${command}`;
    // Checked before the grant moves, so a message out of turn changes nothing.
    inState(() => APPLY[command](t, reason, this.clock.now()));
    if (t.grantId) await this.platform.transferCommand(token, t.grantId, command, reason);
    return this.dataSource.transaction(async (em) => {
      const locked = (await this.store.byProviderPid(em, providerPid, true))!;
      const next = inState(() => APPLY[command](locked, reason, this.clock.now()));
      await this.store.save(em, next, locked.version);
      return next;
    });
  }

  private mine(t: Transfer | null, providerPid: string, caller: Principal): Transfer {
    if (!t || t.consumerId !== caller.subject)
      throw new AppError(
        'not_found',
        'DSP.UNKNOWN_TRANSFER',
        `no transfer ${providerPid} of yours`,
      );
    return t;
  }
}
