import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { StandardTermsStore } from '../domain/standard-terms-store';
import type { StandardTermsView } from './set-standard-terms.handler';

/** A dataset's standard terms, for anyone who may request it. */
@Injectable()
export class GetStandardTermsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StandardTermsStore<EntityManager>,
  ) {}

  async execute(datasetId: string): Promise<StandardTermsView> {
    const s = await this.store.get(this.dataSource.manager, datasetId);
    if (!s)
      throw new AppError(
        'not_found',
        'STANDARD_TERMS.NOT_FOUND',
        `dataset ${datasetId} has no standard terms`,
      );
    return { datasetId, terms: s.terms, version: s.version, updatedAt: s.updatedAt.toISOString() };
  }
}
