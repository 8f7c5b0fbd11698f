import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { SERVICE_CONFIG, type Principal } from '@dx/service-kit';
import type { IntegrationConfig } from '../../config/integration.config';
import { TransferGrantStore } from '../domain/transfer-grant-store';
import { transferView, type TransferView } from './transfer-view';

/** A transfer, for its consumer only (anyone else is told it does not exist). */
@Injectable()
export class GetTransferHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly grants: TransferGrantStore<EntityManager>,
    @Inject(SERVICE_CONFIG) private readonly config: IntegrationConfig,
  ) {}

  async execute(id: string, caller: Principal): Promise<TransferView> {
    const grant = await this.grants.get(this.dataSource.manager, id);
    if (!grant || grant.consumerId !== caller.subject)
      throw new AppError('not_found', 'TRANSFER.NOT_FOUND', `transfer ${id} does not exist`);
    return transferView(grant, this.config.PUBLIC_URL);
  }
}
