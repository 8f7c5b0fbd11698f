import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { assertIfMatch, type Principal, CLOCK, type Clock } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import type { PolicyRule } from '../domain/decision-policy';
import { PolicyStore } from '../domain/policy-store';

/** A provider's rules, replacing the current ones; the API's DTO implements it. */
export interface DecisionPolicyInput {
  rules: PolicyRule[];
}

export interface PolicyView {
  datasetId: string;
  rules: PolicyRule[];
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
    private readonly policies: PolicyStore<EntityManager>,
  ) {}

  execute(
    datasetId: string,
    input: DecisionPolicyInput,
    caller: Principal,
    ifMatch?: string,
  ): Promise<PolicyView> {
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      // The dataset comes from consent's replica of the catalog, so a policy can be set only once
      // consent has heard of the dataset (a 404 right after creation resolves within a moment).
      const dataset = await this.datasets.facts(em, datasetId, now);
      if (!dataset)
        throw new AppError('not_found', 'DATASET.NOT_FOUND', `dataset ${datasetId} is not known`);
      if (dataset.providerId !== caller.subject)
        throw new AppError(
          'forbidden',
          'DATASET.NOT_PROVIDER',
          "only the dataset's provider sets its decision policy",
        );
      // A decision names the rule that made it (its reason and stored explanation); two rules with
      // one id would make that explanation ambiguous.
      const ids = input.rules.map((r) => r.id);
      if (new Set(ids).size !== ids.length)
        throw new AppError('invalid', 'POLICY.DUPLICATE_RULE', 'rule ids must be unique', [
          { path: 'rules', message: 'repeats a rule id' },
        ]);
      // Locked before the version check: two concurrent replacements cannot both pass If-Match.
      const current = await this.policies.lockVersion(em, datasetId);
      assertIfMatch(ifMatch, current);
      const version = current + 1;
      await this.policies.savePolicy(em, {
        datasetId,
        providerId: caller.subject,
        rules: input.rules,
        version,
        at: now,
      });
      return { datasetId, rules: input.rules, version, updatedAt: now.toISOString() };
    });
  }
}
