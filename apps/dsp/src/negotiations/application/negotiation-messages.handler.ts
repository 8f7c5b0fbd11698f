import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, SERVICE_CONFIG, type Clock, type Principal } from '@dx/service-kit';
import type { DspConfig } from '../../config/dsp.config';
import { OutboundQueue } from '../../outbound/application/outbound';
import { PlatformApi } from '../../platform/application/platform-api';
import type { ContractRequest, ProcessMessage } from '../../protocol/domain/messages';
import {
  consumerAccepted,
  counterRequested,
  NegotiationStateError,
  terminated,
  verified,
  type Negotiation,
} from '../domain/negotiation';
import { NegotiationStore } from '../domain/negotiation-store';
import { finalizedEvent } from '../domain/peer-messages';
import { FollowAgreement, snapshotOf } from './follow-agreement';
import { readOffer } from './read-offer';

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

const AGREED_OR_LATER = new Set(['AGREED', 'VERIFIED', 'FINALIZED']);

/**
 * The consumer's later messages on a negotiation: reading it, accepting our counter-offer or
 * answering it with a request of its own, verifying the agreement (the provider finalizes at
 * once) and terminating it. Only the negotiation's own consumer may; anyone else is told it does
 * not exist.
 */
@Injectable()
export class NegotiationMessagesHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: NegotiationStore<EntityManager>,
    private readonly queue: OutboundQueue<EntityManager>,
    private readonly platform: PlatformApi,
    private readonly follow: FollowAgreement,
    @Inject(SERVICE_CONFIG) private readonly config: DspConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(providerPid: string, caller: Principal): Promise<Negotiation> {
    return this.mine(
      await this.store.byProviderPid(this.dataSource.manager, providerPid),
      providerPid,
      caller,
    );
  }

  /**
   * ContractNegotiationEventMessage ACCEPTED: the consumer accepts our counter-offer, so consent
   * records the consumer's acceptance of that term version with the connector's token; the
   * agreement follows once the provider has accepted its offer too.
   */
  async accept(
    providerPid: string,
    msg: ProcessMessage,
    caller: Principal,
    token: string,
  ): Promise<Negotiation> {
    const n = await this.current(providerPid, msg, caller);
    inState(() => consumerAccepted(n, this.clock.now()));
    await this.platform.acceptAgreement(
      token,
      n.agreementId!,
      n.termVersion,
      `dsp-accept-${providerPid}-${n.termVersion}`,
    );
    await this.record(providerPid, (locked) => consumerAccepted(locked, this.clock.now()));
    return this.catchUp(providerPid, token, n.agreementId!);
  }

  /**
   * ContractRequestMessage naming our providerPid: the consumer answers our counter-offer with
   * terms of its own, which become its counter-offer at consent (and its acceptance of them).
   */
  async counterRequest(
    providerPid: string,
    msg: ContractRequest,
    caller: Principal,
    token: string,
  ): Promise<Negotiation> {
    const pids = { providerPid: msg.providerPid ?? '', consumerPid: msg.consumerPid };
    const n = await this.current(providerPid, pids, caller);
    const { datasetId, terms } = readOffer(msg.offer, this.config);
    if (datasetId !== n.datasetId)
      throw new AppError(
        'invalid',
        'DSP.OFFER_NOT_ACCEPTABLE',
        'the offer is for another dataset',
        [{ path: 'offer.target', message: 'must be the dataset under negotiation' }],
      );
    inState(() => counterRequested(n, msg.offer, n.termVersion + 1, this.clock.now()));
    const key = `dsp-counter-${providerPid}-${n.termVersion}`;
    const offered = await this.platform.offerTerms(token, n.agreementId!, terms, key);
    await this.platform.acceptAgreement(
      token,
      offered.id,
      offered.latestTermVersion,
      `${key}-accept`,
    );
    await this.record(providerPid, (locked) =>
      counterRequested(locked, msg.offer, offered.latestTermVersion, this.clock.now()),
    );
    return this.catchUp(providerPid, token, n.agreementId!);
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
    const n = await this.find(providerPid, msg, caller);
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

  /** The caller's negotiation the message is about (unlocked: checks before anything moves). */
  private async find(
    providerPid: string,
    msg: ProcessMessage,
    caller: Principal,
  ): Promise<Negotiation> {
    return this.matching(
      await this.store.byProviderPid(this.dataSource.manager, providerPid),
      providerPid,
      msg,
      caller,
    );
  }

  /** The negotiation the message is about, once it is linked to its platform agreement. */
  private async current(
    providerPid: string,
    msg: ProcessMessage,
    caller: Principal,
  ): Promise<Negotiation> {
    const n = await this.find(providerPid, msg, caller);
    if (!n.agreementId)
      throw new AppError(
        'conflict',
        'DSP.INVALID_STATE',
        'the negotiation’s request is still being settled; retry',
        [],
        { state: n.state },
      );
    return n;
  }

  /** The move on the negotiation as it is now (an event may have moved it meanwhile). */
  private record(providerPid: string, move: (n: Negotiation) => Negotiation): Promise<void> {
    return this.dataSource.transaction(async (em) => {
      const locked = (await this.store.byProviderPid(em, providerPid, true))!;
      await this.store.save(
        em,
        inState(() => move(locked)),
        locked.version,
      );
    });
  }

  /**
   * Consent is read back after the move is recorded: what it decided before (an event the
   * negotiation was not yet ready for) is applied here, what it decides after arrives as events.
   */
  private async catchUp(providerPid: string, token: string, agreementId: string) {
    const agreement = await this.platform.agreement(token, agreementId);
    return this.dataSource.transaction(async (em) => {
      const locked = (await this.store.byProviderPid(em, providerPid, true))!;
      return this.follow.apply(em, locked, snapshotOf(agreement));
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
