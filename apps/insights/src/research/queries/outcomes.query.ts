import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BenefitKind } from '@dx/contracts';
import type { BenefitFact, RelationshipFact, ViewFact } from '../domain/outcomes';

export interface OutcomeFacts {
  relationships: RelationshipFact[];
  reports: BenefitFact[];
  views: ViewFact[];
  names: Map<string, string>;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** What the outcomes report is computed from: insights' facts and read models, three reads. */
@Injectable()
export class OutcomesQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<OutcomeFacts> {
    const relationships = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT a.agreement_id::text, a.provider_id::text, a.consumer_id::text, a.dataset_id::text,
              (SELECT count(*) FROM insights.facts f WHERE f.agreement_id = a.agreement_id
                 AND f.type = 'consent.obligation.delivery-fulfilled')::int AS fulfilled,
              (SELECT coalesce(sum((f.data->>'rows')::bigint), 0) FROM insights.facts f
                WHERE f.agreement_id = a.agreement_id AND f.type = 'integration.access.records-accessed')::bigint AS rows_read
       FROM insights.agreements a WHERE a.activated_at IS NOT NULL
       ORDER BY a.activated_at, a.agreement_id`,
    );
    const reports = await this.dataSource.query<Array<{ data: Record<string, unknown> }>>(
      `SELECT f.data FROM insights.facts f WHERE f.type = 'consent.governance.benefit-reported'
       ORDER BY f.occurred_at, f.event_id`,
    );
    // The latest refresh of each view carries its row count.
    const views = await this.dataSource.query<Array<{ data: Record<string, unknown> }>>(
      `SELECT DISTINCT ON (f.data->>'viewId') f.data FROM insights.facts f
       WHERE f.type = 'integration.view.refreshed'
       ORDER BY f.data->>'viewId', f.occurred_at DESC, f.event_id DESC`,
    );
    const names = await this.dataSource.query<Array<{ id: string; name: string }>>(
      `SELECT participant_id::text AS id, name FROM insights.participants
       UNION ALL SELECT dataset_id::text, title FROM insights.datasets`,
    );
    return {
      relationships: relationships.map((r) => ({
        agreementId: String(r.agreement_id),
        providerId: String(r.provider_id),
        consumerId: String(r.consumer_id),
        datasetId: String(r.dataset_id),
        deliveriesFulfilled: Number(r.fulfilled),
        recordsRead: Number(r.rows_read),
      })),
      reports: reports.map(({ data: d }) => ({
        agreementId: String(d.agreementId),
        datasetId: String(d.datasetId),
        reporter: String(d.reporter),
        kind: d.kind as BenefitKind,
        amountKzt: num(d.amountKzt),
        hours: num(d.hours),
        count: num(d.count),
        users: num(d.users),
        viewId: typeof d.viewId === 'string' ? d.viewId : null,
        service: typeof d.service === 'string' ? d.service : null,
        description: String(d.description),
        periodFrom: String(d.periodFrom),
        periodTo: String(d.periodTo),
      })),
      views: views.map(({ data: d }) => ({
        viewId: String(d.viewId),
        ownerId: String(d.ownerId),
        leftDatasetId: String(d.leftDatasetId),
        rightDatasetId: String(d.rightDatasetId),
        rows: Number(d.rowCount),
      })),
      names: new Map(names.map((n) => [n.id, n.name])),
    };
  }
}
