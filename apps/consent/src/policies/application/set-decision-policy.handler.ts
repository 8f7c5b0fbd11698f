import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import { assertIfMatch, type Principal, CLOCK, type Clock } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import type { DecisionPolicyDto } from '../api/dto/decision-policy.dto';

export interface PolicyView {
  datasetId: string;
  rules: DecisionPolicyDto['rules'];
  version: number;
  updatedAt: string;
}

/** Only the dataset's provider sets its auto-decision rules (replacing them as a whole). */
@Injectable()
export class SetDecisionPolicyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetReplica,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(
    datasetId: string,
    input: DecisionPolicyDto,
    caller: Principal,
    ifMatch?: string,
  ): Promise<PolicyView> {
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const dataset = await this.datasets.facts(em, datasetId, now);
      if (!dataset)
        throw new AppError('not_found', 'DATASET.NOT_FOUND', `dataset ${datasetId} is not known`);
      if (dataset.providerId !== caller.subject)
        throw new AppError(
          'forbidden',
          'DATASET.NOT_PROVIDER',
          "only the dataset's provider sets its decision policy",
        );
      const ids = input.rules.map((r) => r.id);
      if (new Set(ids).size !== ids.length)
        throw new AppError('invalid', 'POLICY.DUPLICATE_RULE', 'rule ids must be unique', [
          { path: 'rules', message: 'repeats a rule id' },
        ]);
      const [current] = await em.query<Array<{ version: number }>>(
        `SELECT version FROM consent.decision_policies WHERE dataset_id = $1 FOR UPDATE`,
        [datasetId],
      );
      assertIfMatch(ifMatch, current?.version ?? 0);
      const version = (current?.version ?? 0) + 1;
      await em.query(
        `INSERT INTO consent.decision_policies (dataset_id, provider_id, rules, version, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (dataset_id) DO UPDATE SET rules = EXCLUDED.rules, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
        [datasetId, caller.subject, JSON.stringify(input.rules), version, now],
      );
      return { datasetId, rules: input.rules, version, updatedAt: now.toISOString() };
    });
  }
}
