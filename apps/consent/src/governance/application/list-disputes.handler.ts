import { Injectable } from '@nestjs/common';
import type { Page, Principal } from '@dx/service-kit';
import { GovernanceQueries, type DisputeView } from '../queries/governance.queries';
import type { ListDisputesInput } from './governance-inputs';

/** Disputes: a participant sees those on its agreements; operators and auditors see all. */
@Injectable()
export class ListDisputesHandler {
  constructor(private readonly queries: GovernanceQueries) {}

  execute(q: ListDisputesInput, caller: Principal): Promise<Page<DisputeView>> {
    const seesAll = caller.roles.includes('operator') || caller.roles.includes('auditor');
    return this.queries.disputes({ ...q, ...(seesAll ? {} : { partyOf: caller.subject }) });
  }
}
