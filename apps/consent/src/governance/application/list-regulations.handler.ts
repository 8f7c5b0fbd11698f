import { Injectable } from '@nestjs/common';
import { GovernanceQueries, type RegulationView } from '../queries/governance.queries';

/** Regulation changes, newest effective first (public to authenticated callers). */
@Injectable()
export class ListRegulationsHandler {
  constructor(private readonly queries: GovernanceQueries) {}

  async execute(): Promise<{ items: RegulationView[] }> {
    return { items: await this.queries.regulations() };
  }
}
