import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { AccessLogWriter } from '../../access/application/access-log.writer';
import type { SourceAccess } from '../../access/application/source-access';
import { fieldsUsed, type ViewDefinition } from '../domain/view-definition';
import { ViewStore } from '../domain/view-store';
import { ViewRowQueries, type ViewRecord } from '../queries/view-rows.queries';
import { ViewAccessCheck } from './view-access';

export type { ViewRecord };

/** A view's definition as the API shows it, with its row count and last refresh. */
export interface ViewDefinitionView {
  viewId: string;
  ownerId: string;
  name: string;
  left: { datasetId: string };
  right: { datasetId: string };
  joinKeys: ViewDefinition['joinKeys'];
  aggregations: ViewDefinition['aggregations'];
  rowCount: number;
  refreshedAt: string;
}

/**
 * Reads a view's definition or rows. Access is checked on every call against the agreements as
 * they are now (a suspended agreement stops the reads at once); each page read through an
 * agreement is logged in the access log like a record read, with the view in its filters.
 */
@Injectable()
export class ReadViewHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: ViewStore<EntityManager>,
    private readonly rows: ViewRowQueries,
    private readonly log: AccessLogWriter,
    private readonly viewAccess: ViewAccessCheck,
  ) {}

  private async load(
    em: EntityManager,
    viewId: string,
  ): Promise<ViewDefinition & { refreshedAt: Date }> {
    const def = await this.views.get(em, viewId);
    if (!def) throw new AppError('not_found', 'VIEW.NOT_FOUND', `view ${viewId} does not exist`);
    return def;
  }

  async definition(viewId: string, caller: Principal): Promise<ViewDefinitionView> {
    const em = this.dataSource.manager;
    const def = await this.load(em, viewId);
    await this.viewAccess.require(em, caller.subject, def);
    const n = await this.rows.rowCount(em, viewId);
    return {
      viewId: def.viewId,
      ownerId: def.ownerId,
      name: def.name,
      left: { datasetId: def.leftDatasetId },
      right: { datasetId: def.rightDatasetId },
      joinKeys: def.joinKeys,
      aggregations: def.aggregations,
      rowCount: n,
      refreshedAt: new Date(def.refreshedAt).toISOString(),
    };
  }

  async records(
    viewId: string,
    caller: Principal,
    q: { limit: number; after: number },
  ): Promise<{ items: ViewRecord[]; nextCursor: string | null }> {
    return this.dataSource.transaction(async (em) => {
      const def = await this.load(em, viewId);
      const access = await this.viewAccess.require(em, caller.subject, def);
      const rows = await this.rows.page(em, viewId, q.after, q.limit);
      const page = rows.slice(0, q.limit);
      for (const [side, a] of [
        ['left', access.left],
        ['right', access.right],
      ] as Array<['left' | 'right', SourceAccess]>)
        if (a.kind === 'agreement')
          await this.log.append(em, {
            agreementId: a.agreementId,
            datasetId: a.datasetId,
            providerId: a.providerId,
            consumerId: caller.subject,
            purpose: a.purpose,
            fields: fieldsUsed(def, side),
            reader: caller.subject,
            filters: { viewId, after: q.after, limit: q.limit },
            rows: page.length,
            withheldRows: 0,
          });
      return {
        items: page.map((r) => r.record),
        nextCursor: rows.length > q.limit ? page[page.length - 1].seq : null,
      };
    });
  }
}
