import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/domain/dataset-replica';
import { checkDefinition, type ViewDefinition } from '../domain/view-definition';
import { ViewStore } from '../domain/view-store';
import { ViewRowQueries } from '../queries/view-rows.queries';
import { ViewAccessCheck } from './view-access';
import { ViewRefresher } from './view-refresher';

export type CreateViewCommand = Omit<ViewDefinition, 'viewId' | 'ownerId'> & {
  principal: Principal;
};

/**
 * Defines an integrated view and computes it whole, in one transaction with its first
 * `view.refreshed` event. The definition is checked against both datasets' current schemas, and
 * the caller must be able to read every field it uses (see {@link ViewAccessCheck}).
 */
@Injectable()
export class CreateViewHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetReplica<EntityManager>,
    private readonly views: ViewStore<EntityManager>,
    private readonly rows: ViewRowQueries,
    private readonly refresher: ViewRefresher,
    private readonly viewAccess: ViewAccessCheck,
  ) {}

  async execute(cmd: CreateViewCommand): Promise<ViewDefinition & { rowCount: number }> {
    return this.dataSource.transaction(async (em) => {
      const schemas = await this.datasets.propertiesOf(em, [cmd.leftDatasetId, cmd.rightDatasetId]);
      const props = (id: string) => schemas.get(id);
      const unknown = (['left', 'right'] as const)
        .filter((side) => !props(side === 'left' ? cmd.leftDatasetId : cmd.rightDatasetId))
        .map((side) => ({ path: `${side}.datasetId`, message: 'is not a dataset known here' }));
      if (unknown.length)
        throw new AppError('invalid', 'VIEW.INVALID', 'the view names unknown datasets', unknown);
      const errors = checkDefinition(cmd, {
        left: props(cmd.leftDatasetId)!,
        right: props(cmd.rightDatasetId)!,
      });
      if (errors.length)
        throw new AppError('invalid', 'VIEW.INVALID', 'the view does not fit the datasets', errors);
      await this.viewAccess.require(em, cmd.principal.subject, cmd);
      const def: ViewDefinition = {
        viewId: randomUUID(),
        ownerId: cmd.principal.subject,
        name: cmd.name,
        leftDatasetId: cmd.leftDatasetId,
        rightDatasetId: cmd.rightDatasetId,
        joinKeys: cmd.joinKeys,
        aggregations: cmd.aggregations,
      };
      await this.views.add(em, def);
      await this.refresher.refresh(em, def, { kind: 'created' });
      return { ...def, rowCount: await this.rows.rowCount(em, def.viewId) };
    });
  }
}
