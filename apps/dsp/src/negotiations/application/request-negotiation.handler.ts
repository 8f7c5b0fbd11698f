import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, SERVICE_CONFIG, type Clock, type Principal } from '@dx/service-kit';
import type { DspConfig } from '../../config/dsp.config';
import { PlatformApi, PlatformRefusal } from '../../platform/application/platform-api';
import type { ContractRequest } from '../../protocol/domain/messages';
import { startNegotiation, terminated, type Negotiation } from '../domain/negotiation';
import { NegotiationStore } from '../domain/negotiation-store';
import { FollowAgreement, snapshotOf } from './follow-agreement';
import { readOffer } from './read-offer';

const NEGOTIATING = new Set(['REQUESTED', 'OFFERED', 'ACCEPTED']);

/**
 * A consumer's connector requests an offer (DSP ContractRequestMessage, initial): the offer is read
 * through the ODRL profile, and the same agreement the REST API would open is requested and
 * accepted at consent with the connector's own token, so the provider's decision policy, the
 * evidence and the dashboard see it as any other. The negotiation is recorded first, so what
 * consent decides (now or later, through its events) always finds it.
 */
@Injectable()
export class RequestNegotiationHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: NegotiationStore<EntityManager>,
    private readonly platform: PlatformApi,
    private readonly follow: FollowAgreement,
    @Inject(SERVICE_CONFIG) private readonly config: DspConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(msg: ContractRequest, caller: Principal, token: string): Promise<Negotiation> {
    if (msg.providerPid)
      throw new AppError(
        'invalid',
        'DSP.UNKNOWN_NEGOTIATION',
        'a request naming a providerPid answers an offer of ours; send it to /negotiations/{providerPid}/request',
        [{ path: 'providerPid', message: 'not allowed on an initial request' }],
      );
    const known = await this.store.byConsumerPid(
      this.dataSource.manager,
      caller.subject,
      msg.consumerPid,
    );
    // A connector retrying its request gets the negotiation it already has.
    if (known) return known;
    const { datasetId, terms } = readOffer(msg.offer, this.config);
    const now = this.clock.now();
    let n = startNegotiation({
      providerPid: `urn:uuid:${randomUUID()}`,
      consumerPid: msg.consumerPid,
      consumerId: caller.subject,
      callbackAddress: msg.callbackAddress,
      datasetId,
      agreementId: null,
      offer: msg.offer,
      termVersion: 1,
      createdAt: now,
    });
    await this.dataSource.transaction((em) => this.store.insert(em, n));
    let agreementId: string;
    try {
      const requested = await this.platform.requestAgreement(
        token,
        { datasetId, ...terms },
        `dsp-request-${n.providerPid}`,
      );
      agreementId = requested.id;
      // The request is the consumer's acceptance of its own terms (unless the provider's policy
      // already refused them).
      if (NEGOTIATING.has(requested.state))
        await this.platform.acceptAgreement(
          token,
          requested.id,
          requested.latestTermVersion,
          `dsp-accept-${n.providerPid}`,
        );
    } catch (err) {
      if (err instanceof PlatformRefusal)
        await this.dataSource.transaction(async (em) => {
          const ended = terminated(n, `${err.code}: ${err.detail}`, this.clock.now());
          await this.store.save(em, ended, n.version);
        });
      throw err;
    }
    await this.dataSource.transaction(async (em) => {
      const locked = (await this.store.byProviderPid(em, n.providerPid, true))!;
      n = { ...locked, agreementId, version: locked.version + 1, updatedAt: this.clock.now() };
      await this.store.save(em, n, locked.version);
    });
    // Read back after recording the link: whatever consent decided before that is applied here,
    // whatever it decides after reaches us as an event.
    const current = await this.platform.agreement(token, agreementId);
    return this.dataSource.transaction(async (em) => {
      const locked = (await this.store.byProviderPid(em, n.providerPid, true))!;
      return this.follow.apply(em, locked, snapshotOf(current));
    });
  }
}
