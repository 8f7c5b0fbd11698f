import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { checkDefinition, type Properties, type ViewDefinition } from '../domain/view-definition';
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
    private readonly refresher: ViewRefresher,
    private readonly viewAccess: ViewAccessCheck,
  ) {}

  async execute(cmd: CreateViewCommand): Promise<ViewDefinition & { rowCount: number }> {
    return this.dataSource.transaction(async (em) => {
      const schemas = await em.query<Array<{ dataset_id: string; props: Properties }>>(
        `SELECT DISTINCT ON (dataset_id) dataset_id, coalesce(schema->'properties', '{}') AS props
         FROM integration.dataset_schemas WHERE dataset_id = ANY($1::uuid[]) ORDER BY dataset_id, version DESC`,
        [[cmd.leftDatasetId, cmd.rightDatasetId]],
      );
      const props = (id: string) => schemas.find((s) => s.dataset_id === id)?.props;
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
      await em.query(
        `INSERT INTO integration.views (view_id, owner_id, name, left_dataset_id, right_dataset_id, join_keys, aggregations, created_at, refreshed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now())`,
        [
          def.viewId,
          def.ownerId,
          def.name,
          def.leftDatasetId,
          def.rightDatasetId,
          JSON.stringify(def.joinKeys),
          JSON.stringify(def.aggregations),
        ],
      );
      await this.refresher.refresh(em, def, { kind: 'created' });
      const [{ n }] = await em.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM integration.view_rows WHERE view_id = $1`,
        [def.viewId],
      );
      return { ...def, rowCount: n };
    });
  }
}
