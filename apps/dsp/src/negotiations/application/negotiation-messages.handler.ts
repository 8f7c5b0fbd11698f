import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, type Clock, type Principal } from '@dx/service-kit';
import { OutboundQueue } from '../../outbound/application/outbound';
import { PlatformApi } from '../../platform/application/platform-api';
import type { ProcessMessage } from '../../protocol/domain/messages';
import {
  NegotiationStateError,
  terminated,
  verified,
  type Negotiation,
} from '../domain/negotiation';

/** A message the negotiation's state does not take: 409 with the state (DSP error body). */
function inState<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof NegotiationStateError)
      throw new AppError('conflict', 'DSP.INVALID_STATE', err.message, [], {
        state: err.negotiation.state,
      });
    throw err;
  }
}
import { NegotiationStore } from '../domain/negotiation-store';
import { finalizedEvent } from '../domain/peer-messages';

const AGREED_OR_LATER = new Set(['AGREED', 'VERIFIED', 'FINALIZED']);

/**
 * The consumer's later messages on a negotiation: reading it, verifying the agreement (the
 * provider finalizes at once) and terminating it. Only the negotiation's own consumer may; anyone
 * else is told it does not exist.
 */
@Injectable()
export class NegotiationMessagesHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: NegotiationStore<EntityManager>,
    private readonly queue: OutboundQueue<EntityManager>,
    private readonly platform: PlatformApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(providerPid: string, caller: Principal): Promise<Negotiation> {
    return this.mine(
      await this.store.byProviderPid(this.dataSource.manager, providerPid),
      providerPid,
      caller,
    );
  }

  verify(providerPid: string, msg: ProcessMessage, caller: Principal): Promise<Negotiation> {
    return this.dataSource.transaction(async (em) => {
      const n = this.matching(
        await this.store.byProviderPid(em, providerPid, true),
        providerPid,
        msg,
        caller,
      );
      const next = inState(() => verified(n, this.clock.now()));
      await this.queue.enqueue(em, {
        providerPid,
        audience: n.callbackAddress,
        ...finalizedEvent(next),
      });
      await this.store.save(em, next, n.version);
      return next;
    });
  }

  async terminate(
    providerPid: string,
    msg: ProcessMessage,
    caller: Principal,
    token: string,
  ): Promise<Negotiation> {
    const n = this.matching(
      await this.store.byProviderPid(this.dataSource.manager, providerPid),
      providerPid,
      msg,
      caller,
    );
    const reason = `the consumer terminated${msg.code ? ` (${msg.code})` : ''}${msg.reason?.length ? `: ${msg.reason.join('; ')}` : ''}`;
    // Before agreement, the platform request is withdrawn too; an agreement already made stays,
    // and ends the platform's way (notice), as docs/dataspace.md says.
    inState(() => terminated(n, reason, this.clock.now()));
    if (n.agreementId && !AGREED_OR_LATER.has(n.state))
      await this.platform.withdrawAgreement(token, n.agreementId, reason.slice(0, 1000));
    return this.dataSource.transaction(async (em) => {
      const locked = (await this.store.byProviderPid(em, providerPid, true))!;
      // Withdrawing made consent end the agreement; its event finds the negotiation final already.
      const next = inState(() => terminated(locked, reason, this.clock.now()));
      await this.store.save(em, next, locked.version);
      return next;
    });
  }

  private mine(n: Negotiation | null, providerPid: string, caller: Principal): Negotiation {
    if (!n || n.consumerId !== caller.subject)
      throw new AppError(
        'not_found',
        'DSP.UNKNOWN_NEGOTIATION',
        `no negotiation ${providerPid} of yours`,
      );
    return n;
  }

  private matching(
    n: Negotiation | null,
    providerPid: string,
    msg: ProcessMessage,
    caller: Principal,
  ): Negotiation {
    const mine = this.mine(n, providerPid, caller);
    if (msg.providerPid !== providerPid || msg.consumerPid !== mine.consumerPid)
      throw new AppError('invalid', 'DSP.PROCESS_MISMATCH', 'the message names another process', [
        { path: 'consumerPid', message: `this negotiation's consumerPid is ${mine.consumerPid}` },
      ]);
    return mine;
  }
}
