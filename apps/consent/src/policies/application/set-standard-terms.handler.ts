import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Duration } from 'luxon';
import { AppError, type FieldError } from '@dx/contracts';
import { assertIfMatch, CLOCK, type Clock, type Principal } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import type { StandardTerms } from '../domain/standard-terms';
import { StandardTermsStore } from '../domain/standard-terms-store';

export interface StandardTermsView {
  datasetId: string;
  terms: StandardTerms;
  version: number;
  updatedAt: string;
}

const positive = (iso: string | undefined): boolean =>
  iso === undefined || (Duration.fromISO(iso).isValid && Duration.fromISO(iso).toMillis() > 0);

/** The provider sets (replaces) a dataset's standard terms; fields must be the schema's. */
@Injectable()
export class SetStandardTermsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetReplica,
    private readonly store: StandardTermsStore<EntityManager>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(
    datasetId: string,
    terms: StandardTerms,
    caller: Principal,
    ifMatch?: string,
  ): Promise<StandardTermsView> {
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const dataset = await this.datasets.facts(em, datasetId, now);
      if (!dataset)
        throw new AppError('not_found', 'DATASET.NOT_FOUND', `dataset ${datasetId} is not known`);
      if (dataset.providerId !== caller.subject)
        throw new AppError(
          'forbidden',
          'DATASET.NOT_PROVIDER',
          "only the dataset's provider sets its standard terms",
        );
      const errors: FieldError[] = [];
      const known = new Set(dataset.schema.properties);
      (terms.fields ?? []).forEach((f, i) => {
        if (!known.has(f))
          errors.push({
            path: `fields[${i}]`,
            message: `'${f}' is not a field of the dataset's current schema`,
          });
      });
      for (const key of ['deliveryFrequency', 'gracePeriod', 'freshness', 'validity'] as const)
        if (!positive(terms[key]))
          errors.push({ path: key, message: 'must be a positive ISO-8601 duration' });
      if (errors.length)
        throw new AppError(
          'unprocessable',
          'STANDARD_TERMS.INVALID',
          'the standard terms do not fit the dataset',
          errors,
        );
      // Locked before the version check: two concurrent replacements cannot both pass If-Match.
      const current = await this.store.lockVersion(em, datasetId);
      assertIfMatch(ifMatch, current);
      const saved = {
        datasetId,
        providerId: caller.subject,
        terms,
        version: current + 1,
        updatedAt: now,
      };
      await this.store.save(em, saved);
      return { datasetId, terms, version: saved.version, updatedAt: now.toISOString() };
    });
  }
}
