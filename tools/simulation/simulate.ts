import {
  DeliveryCompletedV1,
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  DisputeOpenedV1,
  type EventDefinition,
  type TrustTier,
} from '@dx/contracts';
import {
  DAY_MS,
  credibility,
  eigenTrust,
  type RatingEdge,
  type Evidence,
  cleanMonthEvidence,
  evidenceFor,
  ratingEvidence,
  type RuleContext,
  PLATFORM_MODEL,
  type ModelConfig,
  scoreEvidence,
} from '@dx/trust-model';
import { seededRandom } from '@dx/demo';
import {
  predictiveValidity,
  type ForecastObservation,
  type PredictiveValidity,
} from '@dx/research-methods';

/*
 * A seeded, bounded synthetic population over 27 simulated months, driven through the real scoring
 * code: contract events → evidence rules → decay, opinions, caps, tiers; ratings weighted by
 * EigenTrust credibility. Nothing here talks to a database or a broker; the point is the model.
 */

type Behaviour = { onTime: number; late: number; quality: number };

interface Provider {
  id: string;
  kind:
    'reliable' | 'flaky' | 'on-off' | 'whitewasher' | 'colluder' | 'discriminator' | 'camouflage';
  /** Behaviour by day and consumer: what the provider does that week for that partner. */
  behaviour: (day: number, consumer: string) => Behaviour;
  /** Ground truth at the end: the share of value it really delivers. */
  truth: number;
  /** Day the identity starts (the whitewasher's second identity starts later). */
  from: number;
  until: number;
}

export interface SimulationResult {
  seed: number;
  days: number;
  providers: Array<{
    id: string;
    kind: string;
    truth: number;
    score: number;
    lowerBound: number;
    tier: TrustTier;
  }>;
  kendallTau: number;
  onOff: {
    turnedBadOnDay: number;
    tierBefore: TrustTier;
    tierAfter: TrustTier | null;
    detectionDays: number | null;
  };
  collusionGain: number;
  slanderLoss: number;
  whitewasher: { oldScore: number; newScore: number; newLowerBound: number };
  /**
   * Discrimination (Jøsang et al. 2007): reliable to the city, unreliable to three small
   * consumers, from `startedOnDay`. Seen when the provider's global tier falls below the tier it
   * had then; `favouredTier` is what the city's own experience alone would say at the end.
   */
  discrimination: AttackOutcome & { favouredTier: TrustTier; victimsTier: TrustTier };
  /**
   * Camouflage: a clean record on small agreements, then a large (daily) agreement with the city
   * on which it defects from `startedOnDay`, while staying clean on the small ones.
   */
  camouflage: AttackOutcome;
  /** The score at each month's end as a forecast of next month's punctuality, per obligation. */
  predictive: PredictiveValidity;
  events: number;
}

export interface AttackOutcome {
  startedOnDay: number;
  tierBefore: TrustTier;
  tierAfter: TrustTier | null;
  /** Days from the start of the attack until the tier dropped; null when it never did. */
  detectionDays: number | null;
  tierAtEnd: TrustTier;
}

const MONTH_DAYS = 30.4375;

/** Kendall's tau-b between two rankings of the same items. */
export function kendallTau(x: number[], y: number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i] - x[j]);
      const dy = Math.sign(y[i] - y[j]);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  const n0 = concordant + discordant;
  return (concordant - discordant) / Math.sqrt((n0 + tiesX) * (n0 + tiesY) || 1);
}

export function simulate(
  seed = 42,
  months = 27,
  config: ModelConfig = PLATFORM_MODEL,
): SimulationResult {
  const mainRandom = seededRandom(seed);
  const days = Math.round(months * MONTH_DAYS);
  const start = Date.UTC(2024, 0, 1);
  const at = (day: number) => new Date(start + day * DAY_MS);
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const city = id(1);
  const slanderer = id(2);
  const steady = (b: Behaviour) => () => b;
  const turn = Math.round(18 * MONTH_DAYS);
  const providers: Provider[] = [];
  let n = 10;
  for (let i = 0; i < 6; i++) {
    const b = { onTime: 0.9 + 0.015 * i, late: 0.04, quality: 0.9 + 0.013 * i };
    providers.push({
      id: id(n++),
      kind: 'reliable',
      behaviour: steady(b),
      truth: b.onTime * b.quality,
      from: 0,
      until: days,
    });
  }
  for (let i = 0; i < 4; i++) {
    const b = { onTime: 0.45 + 0.08 * i, late: 0.2, quality: 0.6 + 0.06 * i };
    providers.push({
      id: id(n++),
      kind: 'flaky',
      behaviour: steady(b),
      truth: b.onTime * b.quality,
      from: 0,
      until: days,
    });
  }
  const good = { onTime: 0.97, late: 0.02, quality: 0.96 };
  const bad = { onTime: 0.15, late: 0.15, quality: 0.5 };
  providers.push({
    id: id(n++),
    kind: 'on-off',
    behaviour: (d) => (d < turn ? good : bad),
    truth: bad.onTime * bad.quality,
    from: 0,
    until: days,
  });
  const whiteOld = id(n++);
  const whiteNew = id(n++);
  const rogue = { onTime: 0.3, late: 0.2, quality: 0.55 };
  const rebirth = Math.round(12 * MONTH_DAYS);
  providers.push({
    id: whiteOld,
    kind: 'whitewasher',
    behaviour: steady(rogue),
    truth: rogue.onTime * rogue.quality,
    from: 0,
    until: rebirth,
  });
  providers.push({
    id: whiteNew,
    kind: 'whitewasher',
    behaviour: steady(rogue),
    truth: rogue.onTime * rogue.quality,
    from: rebirth,
    until: days,
  });
  const mediocre = { onTime: 0.7, late: 0.15, quality: 0.72 };
  const colluderA = id(n++);
  const colluderB = id(n++);
  for (const c of [colluderA, colluderB])
    providers.push({
      id: c,
      kind: 'colluder',
      behaviour: steady(mediocre),
      truth: mediocre.onTime * mediocre.quality,
      from: 0,
      until: days,
    });

  // The two attacks, each against its own small consumers. They draw from their own random
  // stream, so adding them leaves every figure of the original population as it was.
  const smalls = [id(3), id(4), id(5)];
  const discriminationStart = Math.round(6 * MONTH_DAYS);
  const discriminator = id(n++);
  providers.push({
    id: discriminator,
    kind: 'discriminator',
    behaviour: (d, consumer) => (d >= discriminationStart && consumer !== city ? bad : good),
    truth: (good.onTime * good.quality + 3 * bad.onTime * bad.quality) / 4,
    from: 0,
    until: days,
  });
  const camouflageStart = Math.round(15 * MONTH_DAYS);
  const camouflager = id(n++);
  providers.push({
    id: camouflager,
    kind: 'camouflage',
    behaviour: (d, consumer) => (d >= camouflageStart && consumer === city ? bad : good),
    truth: bad.onTime * bad.quality,
    from: 0,
    until: days,
  });
  const attackers = new Set([discriminator, camouflager]);

  // Agreements: the city consumes from every provider; the slanderer from the best reliable one;
  // the colluders from each other; the small consumers from both attackers. The camouflager's
  // agreement with the city is the large one: daily deliveries, signed when the attack starts.
  const target = providers[5].id;
  const agreements: Array<{
    id: string;
    provider: string;
    consumer: string;
    from?: number;
    daily?: boolean;
  }> = [];
  let a = 1000;
  for (const p of providers)
    agreements.push(
      p.id === camouflager
        ? { id: id(a++), provider: p.id, consumer: city, from: camouflageStart, daily: true }
        : { id: id(a++), provider: p.id, consumer: city },
    );
  agreements.push({ id: id(a++), provider: target, consumer: slanderer });
  agreements.push({ id: id(a++), provider: colluderA, consumer: colluderB });
  agreements.push({ id: id(a++), provider: colluderB, consumer: colluderA });
  for (const attacker of attackers)
    for (const small of smalls)
      agreements.push({ id: id(a++), provider: attacker, consumer: small });
  const attackRandom = seededRandom(seed + 1);
  /** Every settled obligation, for the predictive check. */
  const obligations: Array<{ provider: string; day: number; onTime: boolean }> = [];
  const parties = new Map(
    agreements.map((x) => [x.id, { providerId: x.provider, consumerId: x.consumer }]),
  );
  const ctx: RuleContext = { config, agreementParties: (x) => parties.get(x) };

  const evidence = new Map<string, Evidence[]>();
  const add = (rows: Evidence[]) => {
    for (const r of rows)
      evidence.set(r.participantId, [...(evidence.get(r.participantId) ?? []), r]);
  };
  const collusive = new Set<string>();
  let events = 0;
  let seq = 0;
  const envelope = <T extends object>(def: EventDefinition<string, T>, data: T, day: number) => {
    events += 1;
    return def.envelope(data, { source: 'simulation', subject: 'sim', time: at(day) });
  };
  const edges: RatingEdge[] = [];
  const pendingRatings: Array<{
    day: number;
    provider: string;
    rater: string;
    agreementId: string;
    deliveryId: string;
    score: number;
  }> = [];

  for (let day = 0; day < days; day++) {
    // Weekly deliveries, due on each agreement's weekday.
    for (const ag of agreements) {
      const p = providers.find((x) => x.id === ag.provider)!;
      if (day < p.from || day >= p.until || day < (ag.from ?? 0)) continue;
      if (!ag.daily && (day + Number(ag.id.slice(-2))) % 7 !== 0) continue;
      const random = attackers.has(p.id) ? attackRandom : mainRandom;
      const b = p.behaviour(day, ag.consumer);
      const dueAt = at(day);
      const base = {
        agreementId: ag.id,
        datasetId: id(5000),
        providerId: p.id,
        consumerId: ag.consumer,
        obligationId: id(90000 + seq),
        sequence: ++seq,
        dueAt: dueAt.toISOString(),
        graceUntil: new Date(dueAt.getTime() + DAY_MS / 2).toISOString(),
      };
      const roll = random();
      obligations.push({ provider: p.id, day, onTime: roll <= b.onTime });
      if (roll > b.onTime + b.late) {
        add(
          evidenceFor(
            envelope(DeliveryMissedV1, { ...base, occurredAt: base.graceUntil }, day),
            ctx,
          ),
        );
        continue;
      }
      const late = roll > b.onTime ? Math.round(random() * 10 * 3600) : 0;
      const deliveredAt = new Date(dueAt.getTime() + late * 1000).toISOString();
      const deliveryId = id(200000 + seq);
      add(
        evidenceFor(
          envelope(
            DeliveryFulfilledV1,
            {
              ...base,
              deliveryId,
              deliveredAt,
              onTime: late === 0,
              latenessSeconds: late,
              occurredAt: deliveredAt,
            },
            day,
          ),
          ctx,
        ),
      );
      edges.push({ rater: p.id, ratee: ag.consumer, satisfied: 1, unsatisfied: 0 });
      const q = Math.max(0, Math.min(1, b.quality + (random() - 0.5) * 0.1));
      add(
        evidenceFor(
          envelope(
            DeliveryCompletedV1,
            {
              ...DeliveryCompletedV1.example,
              deliveryId,
              datasetId: id(5000),
              providerId: p.id,
              receivedAt: deliveredAt,
              completedAt: deliveredAt,
              quality: {
                completeness: q,
                validity: q,
                uniqueness: 1,
                consistency: q,
                currentness: q,
                crossSourceAgreement: null,
              },
              criticalBreaches: [],
            },
            day,
          ),
          ctx,
        ),
      );
      // Honest raters rate what they got; colluders rate each other 5 whatever came.
      const honest = Math.max(1, Math.min(5, Math.round(1 + 4 * q * (late ? 0.8 : 1))));
      if (ag.consumer === city && random() < 0.25)
        pendingRatings.push({
          day,
          provider: p.id,
          rater: city,
          agreementId: ag.id,
          deliveryId,
          score: honest,
        });
      if (
        collusive.has(ag.id) ||
        (ag.provider === colluderA && ag.consumer === colluderB) ||
        (ag.provider === colluderB && ag.consumer === colluderA)
      ) {
        collusive.add(ag.id);
        pendingRatings.push({
          day,
          provider: p.id,
          rater: ag.consumer,
          agreementId: ag.id,
          deliveryId,
          score: 5,
        });
      }
    }
    // Ratings are weighed with the credibility of the day they are given.
    if (day % 7 === 6 && pendingRatings.length) {
      const t = eigenTrust(edges, [city], config.eigenTrust);
      for (const r of pendingRatings.splice(0)) {
        const c = r.rater === city ? 1 : credibility(t, r.rater);
        const e = ratingEvidence({
          ratingId: `rating-${r.deliveryId}-${r.rater}`,
          providerId: r.provider,
          raterId: r.rater,
          agreementId: r.agreementId,
          deliveryId: r.deliveryId,
          score: r.score,
          credibility: c,
          at: at(r.day),
        });
        edges.push({
          rater: r.rater,
          ratee: r.provider,
          satisfied: r.score > 3 ? 1 : 0,
          unsatisfied: r.score < 3 ? 1 : 0,
        });
        if (e) {
          if (collusive.has(r.agreementId)) e.params.collusive = true;
          add([e]);
        }
      }
    }
    // The slanderer opens a dispute against its provider every month; none is ever resolved.
    if (day % 30 === 15) {
      const disputeId = id(700000 + day);
      add(
        evidenceFor(
          envelope(
            DisputeOpenedV1,
            {
              disputeId,
              agreementId: agreements.find((x) => x.consumer === slanderer)!.id,
              datasetId: id(5000),
              openedBy: slanderer,
              against: target,
              category: 'quality',
              description: 'false claim',
              occurredAt: at(day).toISOString(),
            },
            day,
          ),
          ctx,
        ),
      );
    }
    // Month ends: integrity credit for every provider with an agreement in force and no violation.
    if (new Date(start + (day + 1) * DAY_MS).getUTCDate() === 1) {
      const end = at(day + 1);
      const month = at(day).toISOString().slice(0, 7);
      for (const p of providers)
        if (day >= p.from && day < p.until)
          add([
            cleanMonthEvidence({ participantId: p.id, role: 'provider', month, monthEnd: end }),
          ]);
    }
  }

  const scoreAt = (pid: string, day: number, filter?: (e: Evidence) => boolean) =>
    scoreEvidence((evidence.get(pid) ?? []).filter(filter ?? (() => true)), {
      role: 'provider',
      baseRate: 0.4,
      asOf: at(day),
      config,
    });
  const end = days;
  const current = providers.filter((p) => p.until === days && !attackers.has(p.id));
  const finals = current.map((p) => ({ p, s: scoreAt(p.id, end) }));
  const kendall = kendallTau(
    finals.map((f) => f.p.truth),
    finals.map((f) => f.s.score),
  );

  const rank: Record<TrustTier, number> = { High: 3, Established: 2, Low: 1, Provisional: 0 };
  /**
   * Days from `startedOnDay` until `pid`'s tier falls below what it was then: how fast the model
   * sees the on-off provider and both attacks.
   */
  const attack = (pid: string, startedOnDay: number): AttackOutcome => {
    const tierBefore = scoreAt(pid, startedOnDay).tier;
    let tierAfter: TrustTier | null = null;
    let detectionDays: number | null = null;
    for (let d = startedOnDay; d < days; d++) {
      const t = scoreAt(pid, d).tier;
      if (rank[t] < rank[tierBefore]) {
        tierAfter = t;
        detectionDays = d - startedOnDay;
        break;
      }
    }
    return {
      startedOnDay,
      tierBefore,
      tierAfter,
      detectionDays,
      tierAtEnd: scoreAt(pid, end).tier,
    };
  };
  const onOff = attack(providers.find((p) => p.kind === 'on-off')!.id, turn);
  const gain = Math.max(
    ...[colluderA, colluderB].map(
      (c) => scoreAt(c, end).score - scoreAt(c, end, (e) => !e.params.collusive).score,
    ),
  );
  const slander =
    scoreAt(target, end).score -
    scoreAt(target, end, (e) => e.eventType !== DisputeOpenedV1.type).score;
  const oldScore = scoreAt(whiteOld, rebirth).score;
  const reborn = scoreAt(whiteNew, end);

  const cityAgreement = agreements.find(
    (x) => x.provider === discriminator && x.consumer === city,
  )!.id;
  const discrimination = {
    ...attack(discriminator, discriminationStart),
    favouredTier: scoreAt(discriminator, end, (e) =>
      e.agreementId !== null ? e.agreementId === cityAgreement : true,
    ).tier,
    victimsTier: scoreAt(discriminator, end, (e) => e.agreementId !== cityAgreement).tier,
  };

  // Predictive validity: each obligation against the provider's score at the end of the month
  // before and its on-time rate that month (docs/research.md §6), for every identity.
  const monthOf = (day: number) => at(day).toISOString().slice(0, 7);
  const monthStart = new Map<string, number>();
  for (let d = 0; d < days; d++) if (!monthStart.has(monthOf(d))) monthStart.set(monthOf(d), d);
  const rate = new Map<string, { due: number; kept: number }>();
  for (const o of obligations) {
    const k = `${o.provider} ${monthOf(o.day)}`;
    const r = rate.get(k) ?? { due: 0, kept: 0 };
    r.due++;
    if (o.onTime) r.kept++;
    rate.set(k, r);
  }
  const monthList = [...monthStart.keys()];
  const forecastCache = new Map<string, number>();
  const observations: ForecastObservation[] = obligations.map((o) => {
    const m = monthOf(o.day);
    const prev = monthList[monthList.indexOf(m) - 1];
    const key = `${o.provider} ${m}`;
    // Before any month has ended there is no score to speak of, only the prior.
    if (prev && !forecastCache.has(key))
      forecastCache.set(key, scoreAt(o.provider, monthStart.get(m)!).score);
    const last = prev ? rate.get(`${o.provider} ${prev}`) : undefined;
    return {
      provider: o.provider,
      month: m,
      score: prev ? forecastCache.get(key)! : null,
      modelVersion: config.version,
      lastMonthOnTimeRate: last ? last.kept / last.due : null,
      onTime: o.onTime ? 1 : 0,
    };
  });

  return {
    seed,
    days,
    providers: finals.map(({ p, s }) => ({
      id: p.id,
      kind: p.kind,
      truth: p.truth,
      score: s.score,
      lowerBound: s.lowerBound,
      tier: s.tier,
    })),
    kendallTau: kendall,
    onOff: {
      turnedBadOnDay: turn,
      tierBefore: onOff.tierBefore,
      tierAfter: onOff.tierAfter,
      detectionDays: onOff.detectionDays,
    },
    collusionGain: gain,
    slanderLoss: slander,
    whitewasher: { oldScore, newScore: reborn.score, newLowerBound: reborn.lowerBound },
    discrimination,
    camouflage: attack(camouflager, camouflageStart),
    predictive: predictiveValidity(observations),
    events,
  };
}
