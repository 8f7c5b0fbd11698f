import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { AccessLogWriter } from '../../access/application/access-log.writer';
import type { SourceAccess } from '../../access/application/source-access';
import { fieldsUsed, type ViewDefinition } from '../domain/view-definition';
import { ViewAccessCheck } from './view-access';
import { toDefinition } from './view-refresher';

export interface ViewRecord {
  key: Record<string, unknown>;
  aggregates: Record<string, number | null>;
  lineage: Array<{ datasetId: string; deliveryIds: string[] }>;
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
    private readonly log: AccessLogWriter,
    private readonly viewAccess: ViewAccessCheck,
  ) {}

  private async load(
    em: EntityManager,
    viewId: string,
  ): Promise<ViewDefinition & { refreshedAt: Date }> {
    const [row] = await em.query<
      Array<Parameters<typeof toDefinition>[0] & { refreshed_at: Date }>
    >(`SELECT * FROM integration.views WHERE view_id = $1`, [viewId]);
    if (!row) throw new AppError('not_found', 'VIEW.NOT_FOUND', `view ${viewId} does not exist`);
    return { ...toDefinition(row), refreshedAt: row.refreshed_at };
  }

  async definition(viewId: string, caller: Principal): Promise<Record<string, unknown>> {
    const em = this.dataSource.manager;
    const def = await this.load(em, viewId);
    await this.viewAccess.require(em, caller.subject, def);
    const [{ n }] = await em.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM integration.view_rows WHERE view_id = $1`,
      [viewId],
    );
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
      const rows = await em.query<
        Array<{
          seq: string;
          key_values: ViewRecord['key'];
          aggregates: ViewRecord['aggregates'];
          lineage: ViewRecord['lineage'];
          refreshed_at: Date;
        }>
      >(
        `SELECT seq, key_values, aggregates, lineage, refreshed_at FROM integration.view_rows
         WHERE view_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [viewId, q.after, q.limit + 1],
      );
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
        items: page.map((r) => ({
          key: r.key_values,
          aggregates: r.aggregates,
          lineage: r.lineage,
          refreshedAt: new Date(r.refreshed_at).toISOString(),
        })),
        nextCursor: rows.length > q.limit ? page[page.length - 1].seq : null,
      };
    });
  }
}
