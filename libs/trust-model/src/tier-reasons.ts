import type { TierReasonV1 } from '@dx/contracts';
import type { ModelConfig } from './model-config';
import type { Score } from './score';

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Why a score has its tier, rule by rule as `tierOf` and the guards decide it (docs/trust-model.md
 * §6): the first rule that settled the tier, then every cap or guard that held it down. The
 * figures are the ones each rule compared, rounded to three places, so a reader can say "too
 * little evidence: 3.2 of the 5 needed" or "score 0.71 ≥ 0.6 with uncertainty 0.22 ≤ 0.35".
 */
export function tierReasons(
  s: Pick<Score, 'score' | 'uncertainty' | 'evidenceTotal' | 'capsApplied' | 'tierGuards'>,
  config: ModelConfig,
): TierReasonV1[] {
  const t = config.tiers;
  const reasons: TierReasonV1[] = [];
  const capped = s.capsApplied.length > 0;
  if (s.evidenceTotal < config.evidenceFloor) {
    reasons.push({
      code: 'evidence-below-floor',
      values: { evidenceTotal: round(s.evidenceTotal), floor: config.evidenceFloor },
    });
  } else if (s.uncertainty > t.provisionalAboveUncertainty) {
    reasons.push({
      code: 'uncertainty-above-limit',
      values: { uncertainty: round(s.uncertainty), limit: t.provisionalAboveUncertainty },
    });
  } else if (s.score >= t.high.minScore && s.uncertainty <= t.high.maxUncertainty && !capped) {
    reasons.push({
      code: 'meets-tier',
      values: {
        tier: 'High',
        score: round(s.score),
        minScore: t.high.minScore,
        uncertainty: round(s.uncertainty),
        maxUncertainty: t.high.maxUncertainty,
      },
    });
  } else if (s.score >= t.established.minScore && s.uncertainty <= t.established.maxUncertainty) {
    reasons.push({
      code: 'meets-tier',
      values: {
        tier: 'Established',
        score: round(s.score),
        minScore: t.established.minScore,
        uncertainty: round(s.uncertainty),
        maxUncertainty: t.established.maxUncertainty,
      },
    });
  } else {
    reasons.push({
      code: 'below-established',
      values: {
        score: round(s.score),
        minScore: t.established.minScore,
        uncertainty: round(s.uncertainty),
        maxUncertainty: t.established.maxUncertainty,
      },
    });
  }
  for (const c of s.capsApplied)
    reasons.push({ code: 'integrity-cap', values: { cap: c.cap, until: c.until } });
  for (const g of s.tierGuards)
    reasons.push({
      code: 'recent-reliability-guard',
      values: { maxTier: g.maxTier, recentP: round(g.recentP), minP: g.minP },
    });
  return reasons;
}
