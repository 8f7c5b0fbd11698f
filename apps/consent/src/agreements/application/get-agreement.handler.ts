import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@dx/service-kit';
import { AgreementStore } from '../domain/agreement-store';
import { agreementNotFound } from '../persistence/agreement.repository';
import { assertCanRead } from './agreement-access';
import { agreementView, type AgreementView } from './agreement-view';

/** One agreement with every term version and transition: parties, operators and auditors. */
@Injectable()
export class GetAgreementHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AgreementStore<EntityManager>,
  ) {}

  async execute(id: string, principal: Principal): Promise<AgreementView> {
    const found = await this.repository.find(this.dataSource.manager, id);
    if (!found) throw agreementNotFound(id);
    assertCanRead(found.agreement, principal);
    return agreementView(found.agreement, found.transitions);
  }
}
