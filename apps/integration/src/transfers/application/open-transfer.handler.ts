import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, SERVICE_CONFIG, type Clock, type Principal } from '@dx/service-kit';
import type { IntegrationConfig } from '../../config/integration.config';
import { AccessQueries } from '../../access/queries/access.queries';
import { READABLE_STATES } from '../../access/application/read-records.handler';
import type { TransferGrant } from '../domain/transfer-grant';
import { TransferGrantStore } from '../domain/transfer-grant-store';
import { transferView, type TransferView } from './transfer-view';

/** SHA-256 of a grant token: what is stored and looked up, never the token itself. */
export const tokenDigest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * The consumer of an agreement in force opens a pull grant (a data-space transfer process). The
 * token is 256 random bits, answered once; the grant reads only through the governed read, so the
 * agreement's projection, consent filter and access log apply unchanged.
 */
@Injectable()
export class OpenTransferHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly grants: TransferGrantStore<EntityManager>,
    private readonly queries: AccessQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: IntegrationConfig,
  ) {}

  async execute(
    input: { agreementId: string; reference?: string },
    caller: Principal,
  ): Promise<TransferView & { token: string }> {
    const a = await this.queries.agreement(input.agreementId);
    const isConsumer = a !== null && caller.subject === a.consumerId;
    if (!a || (!isConsumer && caller.subject !== a.providerId))
      throw new AppError(
        'not_found',
        'AGREEMENT.NOT_FOUND',
        `agreement ${input.agreementId} does not exist`,
      );
    if (!isConsumer)
      throw new AppError(
        'forbidden',
        'ACCESS.DENIED',
        'only the consumer of the agreement opens transfers under it',
        [],
        { agreementState: a.state },
      );
    if (!READABLE_STATES.has(a.state))
      throw new AppError(
        'forbidden',
        'ACCESS.DENIED',
        `the agreement is ${a.state}${a.stateReason ? `: ${a.stateReason}` : ''}`,
        [],
        { agreementState: a.state },
      );
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const grant: TransferGrant = {
      id: randomUUID(),
      agreementId: a.agreementId,
      consumerId: a.consumerId,
      reference: input.reference ?? null,
      state: 'STARTED',
      reason: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.dataSource.transaction((em) => this.grants.add(em, grant, tokenDigest(token)));
    return { ...transferView(grant, this.config.PUBLIC_URL), token };
  }
}
