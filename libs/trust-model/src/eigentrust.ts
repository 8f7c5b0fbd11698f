/**
 * EigenTrust over the rating graph (Kamvar, Schlosser & Garcia-Molina 2003; docs/trust-model.md §7):
 * local trust s_ij = sat(i, j) − unsat(i, j), normalised c_ij = max(s_ij, 0) / Σ_j max(s_ij, 0)
 * (a row with nothing positive trusts the pre-trusted peers p instead), and global trust
 * t = (1 − α) Cᵀ t + α p iterated from p until ‖Δt‖₁ < ε. Pre-trusted peers (the municipality, the
 * operator) anchor it, so a clique that only rates itself cannot make itself credible.
 */
export interface RatingEdge {
  rater: string;
  ratee: string;
  /** Ratings above the midpoint (4, 5). */
  satisfied: number;
  /** Ratings below the midpoint (1, 2). */
  unsatisfied: number;
}

export function eigenTrust(
  edges: readonly RatingEdge[],
  preTrusted: readonly string[],
  opts: { alpha: number; epsilon: number; maxIterations: number },
): Map<string, number> {
  const peers = [...new Set([...preTrusted, ...edges.flatMap((e) => [e.rater, e.ratee])])].sort();
  const index = new Map(peers.map((p, i) => [p, i]));
  const n = peers.length;
  if (n === 0) return new Map();
  const p = new Array<number>(n).fill(0);
  if (preTrusted.length) for (const x of preTrusted) p[index.get(x)!] = 1 / preTrusted.length;
  else p.fill(1 / n);
  // Row-normalised local trust, as a sparse list per rater.
  const local = new Map<number, Map<number, number>>();
  for (const e of edges) {
    const i = index.get(e.rater)!;
    const j = index.get(e.ratee)!;
    if (i === j) continue; // self-ratings carry nothing
    const row = local.get(i) ?? new Map<number, number>();
    row.set(j, (row.get(j) ?? 0) + e.satisfied - e.unsatisfied);
    local.set(i, row);
  }
  const C: Array<Array<[number, number]>> = peers.map((_, i) => {
    const row = [...(local.get(i) ?? new Map<number, number>())].filter(([, s]) => s > 0);
    const sum = row.reduce((acc, [, s]) => acc + s, 0);
    return sum > 0
      ? row.map(([j, s]) => [j, s / sum] as [number, number])
      : p.map((pj, j) => [j, pj] as [number, number]).filter(([, pj]) => pj > 0);
  });
  let t = [...p];
  for (let k = 0; k < opts.maxIterations; k++) {
    const next = p.map((pj) => opts.alpha * pj);
    for (let i = 0; i < n; i++) for (const [j, c] of C[i]) next[j] += (1 - opts.alpha) * c * t[i];
    const delta = next.reduce((acc, x, i) => acc + Math.abs(x - t[i]), 0);
    t = next;
    if (delta < opts.epsilon) break;
  }
  return new Map(peers.map((x, i) => [x, t[i]]));
}

/** Rater credibility in [0, 1]: global trust scaled by the largest (docs/trust-model.md §7). */
export function credibility(trust: Map<string, number>, rater: string): number {
  const max = Math.max(0, ...trust.values());
  return max > 0 ? (trust.get(rater) ?? 0) / max : 0;
}
