import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { CLOCK, type Clock, type Principal } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import type { Sensitivity } from '../domain/decision-policy';
import { PolicyStore } from '../domain/policy-store';
import { offersFor, type Offer } from '../domain/standard-terms';
import { StandardTermsStore } from '../domain/standard-terms-store';

export interface DatasetOffers {
  datasetId: string;
  providerId: string;
  title: string;
  /** The standard terms' version the offers were made from. */
  termsVersion: number;
  offers: Offer[];
}

/**
 * The offers a participant gets: per dataset with standard terms, one per purpose its provider's
 * policy would not refuse for this participant's trust tier. What the data-space catalogue shows.
 */
@Injectable()
export class ListOffersHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetReplica,
    private readonly standard: StandardTermsStore<EntityManager>,
    private readonly policies: PolicyStore<EntityManager>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async forDataset(datasetId: string, caller: Principal): Promise<DatasetOffers> {
    const em = this.dataSource.manager;
    const offers = await this.offersOf(em, datasetId, caller.subject);
    if (!offers)
      throw new AppError(
        'not_found',
        'OFFERS.NOT_FOUND',
        `dataset ${datasetId} is not published with standard terms`,
      );
    return offers;
  }

  async page(
    caller: Principal,
    q: { limit: number; after: string | null },
  ): Promise<{ items: DatasetOffers[]; nextCursor: string | null }> {
    const em = this.dataSource.manager;
    const ids = await this.standard.offerable(em, caller.subject, q.after, q.limit + 1);
    const page = ids.slice(0, q.limit);
    const items: DatasetOffers[] = [];
    for (const id of page) {
      const offers = await this.offersOf(em, id, caller.subject);
      if (offers) items.push(offers);
    }
    return { items, nextCursor: ids.length > q.limit ? page[page.length - 1] : null };
  }

  private async offersOf(
    em: EntityManager,
    datasetId: string,
    consumerId: string,
  ): Promise<DatasetOffers | null> {
    const now = this.clock.now();
    const [dataset, standard] = await Promise.all([
      this.datasets.facts(em, datasetId, now),
      this.standard.get(em, datasetId),
    ]);
    if (!dataset || !standard || dataset.status !== 'published') return null;
    const [policy, consumerTier] = await Promise.all([
      this.policies.policyOf(em, datasetId),
      this.policies.consumerTier(em, consumerId),
    ]);
    return {
      datasetId,
      providerId: dataset.providerId,
      title: dataset.title,
      termsVersion: standard.version,
      // A provider is offered nothing on its own dataset.
      offers:
        dataset.providerId === consumerId
          ? []
          : offersFor({
              standard: standard.terms,
              rules: policy?.rules ?? [],
              sensitivity: dataset.sensitivity as Sensitivity,
              consumerTier,
              schema: dataset.schema,
              now,
            }),
    };
  }
}
