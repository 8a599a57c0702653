import { conversion, PRODUCT_KEYS, type Kpis } from "./kpis";
import { upsellGap } from "./upsell";

/** The median of some numbers (null for none). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface FunnelCounts {
  referrals: number;
  verified: number;
  deposited: number;
  firstTrades: number;
}

const STAGES = [
  { key: "verified", label: "Verified", from: "referrals" },
  { key: "deposited", label: "Deposited", from: "verified" },
  { key: "firstTrades", label: "First trade", from: "deposited" },
] as const;

/** Minimum cohort for an affiliate's conversion to count towards a median. */
export const MIN_COHORT = 5;

type StageKey = (typeof STAGES)[number]["key"];

/** The conversion of each stage from the one before, for a cohort of at least MIN_COHORT (else null). */
const stageRate = (f: FunnelCounts, s: (typeof STAGES)[number]) => (f[s.from] >= MIN_COHORT ? f[s.key] / f[s.from] : null);

/** Peers' conversions per stage, sorted ascending (the rates that count towards a median). */
export type PeerRates = Record<StageKey, number[]>;

/** The peers' side of the funnel's medians, computed once for a group of affiliates. */
export function peerRates(peers: FunnelCounts[]): PeerRates {
  const rates = (s: (typeof STAGES)[number]) =>
    peers
      .map((p) => stageRate(p, s))
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
  return { verified: rates(STAGES[0]), deposited: rates(STAGES[1]), firstTrades: rates(STAGES[2]) };
}

/** The median of ascending values with one occurrence of `without` left out (when it is among them). */
export function sortedMedianWithout(sorted: readonly number[], without: number | null): number | null {
  let skip = -1;
  if (without !== null) {
    // The first index whose value is not below `without`.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < without) lo = mid + 1;
      else hi = mid;
    }
    if (lo < sorted.length && sorted[lo] === without) skip = lo;
  }
  const n = skip < 0 ? sorted.length : sorted.length - 1;
  if (n === 0) return null;
  const at = (i: number) => (skip < 0 || i < skip ? sorted[i] : sorted[i + 1]);
  const mid = Math.floor(n / 2);
  return n % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/**
 * The funnel of the invitees registered in the period: each stage's count, its conversion from
 * the stage before, and the median conversion of the peer affiliates (similar tenure). The peers
 * are either their funnels, or the rates of a group of affiliates (`peerRates`) that includes the
 * affiliate itself when `ownIncluded` (its own rate is then left out of each median).
 */
export function funnelStages(own: FunnelCounts, peers: FunnelCounts[] | { rates: PeerRates; ownIncluded: boolean }) {
  const group = Array.isArray(peers) ? { rates: peerRates(peers), ownIncluded: false } : peers;
  return [
    { key: "referrals", label: "Referrals", count: own.referrals, conversion: null, peerMedian: null },
    ...STAGES.map((s) => ({
      key: s.key,
      label: s.label,
      count: own[s.key],
      conversion: own[s.from] > 0 ? own[s.key] / own[s.from] : null,
      peerMedian: sortedMedianWithout(group.rates[s.key], group.ownIncluded ? stageRate(own, s) : null),
    })),
  ];
}

/** Minimum active invitees for an affiliate's cross-product share to count towards the team median. */
export const MIN_ACTIVE = 10;

/** Per product, the team's median share of active invitees that adopted it (one period). */
export type TeamMedians = Record<string, number | null>;

/** The team medians of crossProduct: they depend on the period only, not on the affiliate. */
export function teamMedians(team: Kpis[]): TeamMedians {
  const counted = team.filter((t) => t.active >= MIN_ACTIVE);
  return Object.fromEntries(PRODUCT_KEYS.map((p) => [p.product, median(counted.map((t) => t[p.adopters] / t.active))]));
}

/**
 * Cross-product conversion: per product, adopters, share of active invitees, the share in the
 * previous period (trend) and the team median; below the median is an upsell opportunity
 * (`upsellGap`: not against a median under 1 %).
 */
export function crossProduct(own: Kpis, previous: Kpis, team: Kpis[] | TeamMedians) {
  const medians = Array.isArray(team) ? teamMedians(team) : team;
  return PRODUCT_KEYS.map((p) => {
    const share = conversion(own[p.adopters], own.active);
    const teamMedian = medians[p.product] ?? null;
    return {
      product: p.product,
      label: p.label,
      adopters: own[p.adopters],
      share,
      previousShare: conversion(previous[p.adopters], previous.active),
      teamMedian,
      gap: upsellGap(share, teamMedian),
    };
  });
}
