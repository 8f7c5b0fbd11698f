import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  DatasetDeprecatedV1,
  DatasetPublishedV1,
  DatasetWithdrawnV1,
  type EventEnvelope,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { catalogEvent } from '../../shared/catalog-event';
import type { Viewer } from '../domain/dataset-access';
import { nextStatus, type LifecycleAction } from '../domain/dataset-lifecycle';
import { DatasetStore } from '../domain/dataset';
import { actorOf, datasetSnapshot } from './dataset-snapshot';
import { datasetView, type DatasetView } from './dataset-view';
import { loadForChange } from './dataset-writes';
import { CLOCK, type Clock } from '@dx/service-kit';
import { SearchCounts } from '../../shared/search-counts';

export interface ChangeLifecycleCommand {
  id: string;
  action: LifecycleAction;
  reason?: string;
  viewer: Viewer;
  ifMatch?: string;
}

/** publish / deprecate / withdraw: one transition, one event, in one transaction. */
@Injectable()
export class ChangeDatasetLifecycleHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly counts: SearchCounts,
    private readonly outbox: OutboxWriter,
    private readonly datasets: DatasetStore<EntityManager>,
  ) {}

  async execute(cmd: ChangeLifecycleCommand): Promise<DatasetView> {
    if (cmd.action !== 'publish' && !cmd.reason) {
      // Consumers of a deprecated or withdrawn dataset are owed a reason.
      throw new AppError(
        'invalid',
        'DATASET.REASON_REQUIRED',
        `a reason is required to ${cmd.action}`,
        [{ path: 'reason', message: `is required to ${cmd.action}` }],
      );
    }
    const view = await this.dataSource.transaction(async (em) => {
      const { dataset, providerKind } = await loadForChange(
        this.datasets,
        em,
        cmd.id,
        cmd.viewer,
        cmd.ifMatch,
      );
      const now = this.clock.now();
      // nextStatus refuses a move the lifecycle does not allow (409 with the allowed moves), before
      // anything is written.
      dataset.status = nextStatus(dataset.status, cmd.action);
      dataset.statusReason = cmd.reason ?? null;
      if (cmd.action === 'publish') dataset.publishedAt = now;
      dataset.updatedAt = now;
      // The version is the ETag: every change moves it, so a stale If-Match elsewhere gets a 412.
      dataset.version += 1;
      await this.datasets.save(em, dataset);
      const change = {
        dataset: datasetSnapshot(dataset, providerKind),
        actor: actorOf(cmd.viewer),
      };
      let event: EventEnvelope;
      if (cmd.action === 'publish') event = catalogEvent(DatasetPublishedV1, change, now);
      else if (cmd.action === 'deprecate')
        event = catalogEvent(DatasetDeprecatedV1, { ...change, reason: cmd.reason! }, now);
      else event = catalogEvent(DatasetWithdrawnV1, { ...change, reason: cmd.reason! }, now);
      // Same transaction as the row: the event is published if and only if the change committed.
      await this.outbox.append(em, event);
      return datasetView(this.datasets, em, dataset, this.clock.now());
    });
    // Counted again on this replica from now on: the change shows in totals and facets at once.
    this.counts.invalidate();
    return view;
  }
}
