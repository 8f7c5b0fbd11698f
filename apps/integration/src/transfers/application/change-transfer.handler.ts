import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, SERVICE_CONFIG, type Clock, type Principal } from '@dx/service-kit';
import type { IntegrationConfig } from '../../config/integration.config';
import { applyTransferCommand, type TransferCommand } from '../domain/transfer-grant';
import { TransferGrantStore } from '../domain/transfer-grant-store';
import { transferView, type TransferView } from './transfer-view';

/** The consumer suspends, resumes, completes or terminates its transfer; the token follows. */
@Injectable()
export class ChangeTransferHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly grants: TransferGrantStore<EntityManager>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: IntegrationConfig,
  ) {}

  execute(
    id: string,
    command: TransferCommand,
    reason: string | null,
    caller: Principal,
  ): Promise<TransferView> {
    return this.dataSource.transaction(async (em) => {
      // Locked: two commands at once are applied one after the other, never both from one state.
      const grant = await this.grants.get(em, id, true);
      if (!grant || grant.consumerId !== caller.subject)
        throw new AppError('not_found', 'TRANSFER.NOT_FOUND', `transfer ${id} does not exist`);
      const next = applyTransferCommand(grant, command, reason, this.clock.now());
      await this.grants.save(em, next);
      return transferView(next, this.config.PUBLIC_URL);
    });
  }
}
