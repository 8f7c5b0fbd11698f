import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ViewRefreshedV1, type ViewRefreshTrigger } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { ChangedRecords } from '../../records/domain/changed-records';
import type { Side, ViewDefinition } from '../domain/view-definition';
import { ViewStore } from '../domain/view-store';

/**
 * Keeps integrated views current: after a change to a dataset's records, every view over it
 * recomputes the join-key values the changed records carry (or all of them when a view is
 * created), and a view whose rows changed announces it with `view.refreshed`. Runs in the
 * caller's transaction: a delivery, its view rows and their events commit together.
 */
@Injectable()
export class ViewRefresher {
  constructor(
    private readonly views: ViewStore<EntityManager>,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Refreshes every view over the changed records' dataset, for the keys they carry. */
  async afterChange(
    em: EntityManager,
    changed: ChangedRecords,
    trigger: ViewRefreshTrigger,
  ): Promise<void> {
    for (const def of await this.views.overDataset(em, changed.datasetId)) {
      const sides: Side[] = [];
      if (def.leftDatasetId === changed.datasetId) sides.push('left');
      if (def.rightDatasetId === changed.datasetId) sides.push('right');
      for (const side of sides) await this.refresh(em, def, trigger, { side, changed });
    }
  }

  /** Recomputes a view; with `scope` only the join keys of the changed records on that side. */
  async refresh(
    em: EntityManager,
    def: ViewDefinition,
    trigger: ViewRefreshTrigger,
    scope?: { side: Side; changed: ChangedRecords },
  ): Promise<void> {
    const counts = await this.views.recompute(em, def, scope);
    // A change that left every row as it was is not news; a new view always is.
    if (trigger.kind !== 'created' && counts.removed === 0 && counts.upserted === 0) return;
    const { rows, at } = await this.views.markRefreshed(em, def.viewId);
    await this.outbox.append(
      em,
      ViewRefreshedV1.envelope(
        {
          viewId: def.viewId,
          ownerId: def.ownerId,
          leftDatasetId: def.leftDatasetId,
          rightDatasetId: def.rightDatasetId,
          trigger,
          keysRefreshed: counts.keys,
          rowsUpserted: counts.upserted,
          rowsRemoved: counts.removed,
          rowCount: rows,
          refreshedAt: at.toISOString(),
        },
        { source: 'integration', subject: def.viewId, time: at },
      ),
    );
  }
}
