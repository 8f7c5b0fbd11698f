import type { BenefitKind } from '@dx/contracts';

/** A benefit report as insights keeps it (consent.governance.benefit-reported v1). */
export interface BenefitFact {
  agreementId: string;
  datasetId: string;
  reporter: string;
  kind: BenefitKind;
  amountKzt: number | null;
  hours: number | null;
  count: number | null;
  users: number | null;
  viewId: string | null;
  service: string | null;
  description: string;
  periodFrom: string;
  periodTo: string;
}

/** An integrated view as its latest refresh describes it. */
export interface ViewFact {
  viewId: string;
  ownerId: string;
  leftDatasetId: string;
  rightDatasetId: string;
  rows: number;
}

/** What the platform itself measured for a relationship. */
export interface RelationshipFact {
  agreementId: string;
  providerId: string;
  consumerId: string;
  datasetId: string;
  deliveriesFulfilled: number;
  recordsRead: number;
}

/** The parties' own figures, summed; every one is self-reported. */
export interface SelfReported {
  selfReported: true;
  reports: number;
  residentsServed: number;
  /** Resident-facing services named as improved (distinct, sorted). */
  servicesImproved: string[];
  staffHoursSaved: number;
  costAvoidedKzt: number;
  revenueKzt: number;
  decisionsSupported: number;
  derivedProducts: number;
}

export interface Decision {
  relationship: string;
  /** The two-source view it was taken on; null when the report named none or one that did not fit. */
  view: string | null;
  count: number;
  description: string;
  periodFrom: string;
  periodTo: string;
}

export interface OutcomesReport {
  relationships: Array<{
    relationship: string;
    provider: string;
    consumer: string;
    dataset: string;
    measured: { deliveriesFulfilled: number; recordsRead: number };
    reported: SelfReported;
  }>;
  datasets: Array<{
    dataset: string;
    relationships: number;
    measured: { deliveriesFulfilled: number; recordsRead: number };
    reported: SelfReported;
  }>;
  views: Array<{
    view: string;
    owner: string;
    datasets: [string, string];
    measured: { rows: number };
    reported: SelfReported;
  }>;
  decisions: Decision[];
  /**
   * Reports naming a view that is unknown, not the reporter's, or not joining the report's dataset:
   * kept under their relationship and dataset, not credited to any view.
   */
  unconfirmedViewReferences: number;
}

export type Label = (kind: 'r' | 'p' | 'd' | 'v', id: string) => string;

const empty = (): SelfReported => ({
  selfReported: true,
  reports: 0,
  residentsServed: 0,
  servicesImproved: [],
  staffHoursSaved: 0,
  costAvoidedKzt: 0,
  revenueKzt: 0,
  decisionsSupported: 0,
  derivedProducts: 0,
});

function add(t: SelfReported, r: BenefitFact): void {
  t.reports++;
  switch (r.kind) {
    case 'citizen-service':
      t.residentsServed += r.users ?? 0;
      if (r.service && !t.servicesImproved.includes(r.service)) {
        t.servicesImproved.push(r.service);
        t.servicesImproved.sort();
      }
      break;
    case 'staff-hours-saved':
      t.staffHoursSaved += r.hours ?? 0;
      break;
    case 'cost-avoided':
      t.costAvoidedKzt += r.amountKzt ?? 0;
      break;
    case 'revenue':
      t.revenueKzt += r.amountKzt ?? 0;
      break;
    case 'decision-supported':
      t.decisionsSupported += r.count ?? 0;
      break;
    case 'derived-product':
      t.derivedProducts += r.count ?? 0;
      break;
  }
}

/**
 * Citizen effects and operational results per relationship, dataset and integrated view
 * (docs/research.md §6). A report counts toward a view only when the view is the reporter's own and
 * joins the report's dataset: the report is a party's statement, and the platform will not credit a
 * view with a benefit its data could not have fed.
 */
export function outcomesReport(
  relationships: readonly RelationshipFact[],
  reports: readonly BenefitFact[],
  views: readonly ViewFact[],
  label: Label,
): OutcomesReport {
  const viewById = new Map(views.map((v) => [v.viewId, v]));
  const confirmedView = (r: BenefitFact): ViewFact | null => {
    const v = r.viewId ? viewById.get(r.viewId) : undefined;
    return v &&
      v.ownerId === r.reporter &&
      (v.leftDatasetId === r.datasetId || v.rightDatasetId === r.datasetId)
      ? v
      : null;
  };
  const byRel = new Map(relationships.map((x) => [x.agreementId, empty()]));
  const byDataset = new Map<string, SelfReported>();
  const byView = new Map(views.map((v) => [v.viewId, empty()]));
  const decisions: Decision[] = [];
  let unconfirmed = 0;
  for (const r of reports) {
    const rel = byRel.get(r.agreementId);
    if (rel) add(rel, r);
    const ds = byDataset.get(r.datasetId) ?? empty();
    add(ds, r);
    byDataset.set(r.datasetId, ds);
    const v = confirmedView(r);
    if (v) add(byView.get(v.viewId)!, r);
    else if (r.viewId) unconfirmed++;
    if (r.kind === 'decision-supported')
      decisions.push({
        relationship: label('r', r.agreementId),
        view: v ? label('v', v.viewId) : null,
        count: r.count ?? 0,
        description: r.description,
        periodFrom: r.periodFrom,
        periodTo: r.periodTo,
      });
  }
  const datasetIds = [...new Set(relationships.map((x) => x.datasetId))].sort();
  return {
    relationships: relationships.map((x) => ({
      relationship: label('r', x.agreementId),
      provider: label('p', x.providerId),
      consumer: label('p', x.consumerId),
      dataset: label('d', x.datasetId),
      measured: { deliveriesFulfilled: x.deliveriesFulfilled, recordsRead: x.recordsRead },
      reported: byRel.get(x.agreementId)!,
    })),
    datasets: datasetIds.map((d) => {
      const rels = relationships.filter((x) => x.datasetId === d);
      return {
        dataset: label('d', d),
        relationships: rels.length,
        measured: {
          deliveriesFulfilled: rels.reduce((a, x) => a + x.deliveriesFulfilled, 0),
          recordsRead: rels.reduce((a, x) => a + x.recordsRead, 0),
        },
        reported: byDataset.get(d) ?? empty(),
      };
    }),
    views: views.map((v) => ({
      view: label('v', v.viewId),
      owner: label('p', v.ownerId),
      datasets: [label('d', v.leftDatasetId), label('d', v.rightDatasetId)],
      measured: { rows: v.rows },
      reported: byView.get(v.viewId)!,
    })),
    decisions,
    unconfirmedViewReferences: unconfirmed,
  };
}
