import { Injectable } from '@nestjs/common';
import { GovernanceQueries } from '../queries/governance.queries';

/** Regulation changes, newest effective first (public to authenticated callers). */
@Injectable()
export class ListRegulationsHandler {
  constructor(private readonly queries: GovernanceQueries) {}

  async execute(): Promise<{ items: Array<Record<string, unknown>> }> {
    return { items: await this.queries.regulations() };
  }
}
