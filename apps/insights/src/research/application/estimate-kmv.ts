import { Injectable } from '@nestjs/common';
import { estimateKmv, type KmvEstimate } from '@dx/research-methods';
import { GetResearchPanel } from './panel-report';

/** The KMV paths estimated on the (pseudonymised) panel (docs/research.md §3). */
@Injectable()
export class EstimateKmv {
  constructor(private readonly panel: GetResearchPanel) {}

  async execute(q: { now: Date; replicates: number }): Promise<KmvEstimate> {
    const { rows } = await this.panel.execute({ now: q.now, names: false });
    return estimateKmv(rows, { replicates: q.replicates, seed: 1994 });
  }
}
