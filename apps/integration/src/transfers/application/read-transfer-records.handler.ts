import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { ReadRecordsHandler, type ReadQuery } from '../../access/application/read-records.handler';
import { TransferGrantStore } from '../domain/transfer-grant-store';
import { tokenDigest } from './open-transfer.handler';

/**
 * Records through a pull grant: the token must be the grant's and the grant STARTED; then exactly
 * the governed read of the agreement, as its consumer, logged with the transfer named.
 */
@Injectable()
export class ReadTransferRecordsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly grants: TransferGrantStore<EntityManager>,
    private readonly read: ReadRecordsHandler,
  ) {}

  async execute(
    id: string,
    token: string | null,
    q: ReadQuery,
  ): Promise<{ items: Array<Record<string, unknown>>; nextCursor: string | null }> {
    const grant = token
      ? await this.grants.byToken(this.dataSource.manager, id, tokenDigest(token))
      : null;
    if (!grant)
      throw new AppError(
        'unauthenticated',
        'TRANSFER.INVALID_TOKEN',
        'a grant token for this transfer is required (Authorization: Bearer <token>)',
      );
    if (grant.state !== 'STARTED')
      throw new AppError(
        'forbidden',
        'TRANSFER.NOT_STARTED',
        `the transfer is ${grant.state}`,
        [],
        {
          transferState: grant.state,
        },
      );
    return this.read.execute(
      grant.agreementId,
      {
        subject: grant.consumerId,
        roles: ['participant'],
        clientId: `transfer:${grant.id}`,
        tokenId: grant.id,
      },
      { ...q, via: { transferId: grant.id, reference: grant.reference } },
    );
  }
}
