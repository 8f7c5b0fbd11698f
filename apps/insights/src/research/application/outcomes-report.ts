import { Injectable } from '@nestjs/common';
import { outcomesReport, type OutcomesReport } from '../domain/outcomes';
import { PseudonymKey } from '../persistence/pseudonym-key';
import { OutcomesQuery } from '../queries/outcomes.query';

export interface OutcomesResponse extends OutcomesReport {
  pseudonymised: boolean;
  generatedAt: string;
}

/** Citizen effects and operational results per relationship, dataset and view (§6). */
@Injectable()
export class GetOutcomes {
  constructor(
    private readonly facts: OutcomesQuery,
    private readonly key: PseudonymKey,
  ) {}

  async execute(q: { now: Date; names: boolean }): Promise<OutcomesResponse> {
    const f = await this.facts.execute();
    const pseudo = q.names ? null : await this.key.pseudonymiser();
    // Views have no name in insights: with names they are shown by id.
    const label = (kind: 'r' | 'p' | 'd' | 'v', id: string) =>
      pseudo ? pseudo(kind, id) : kind === 'p' || kind === 'd' ? (f.names.get(id) ?? id) : id;
    return {
      pseudonymised: !q.names,
      generatedAt: q.now.toISOString(),
      ...outcomesReport(f.relationships, f.reports, f.views, label),
    };
  }
}
