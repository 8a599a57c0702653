import type { Product } from "../../db/schema";
import type { Week } from "./weeks";

export const PRODUCT_LABELS: Record<Product, string> = {
  futures: "Futures",
  earn: "Earn",
  options: "Options",
  web3_wallet: "Web3 Wallet",
  fiat: "Fiat",
};

/**
 * The smallest team median share (of active invitees) against which a gap is marked: below 1 %
 * the team hardly uses the product, and being under that median is no upsell opportunity.
 */
export const GAP_MEDIAN_FLOOR = 0.01;

/**
 * How far a share lies below the team median (both 0–1), or null when there is no gap to mark:
 * no share or median, the share at or above the median, or a median under GAP_MEDIAN_FLOOR.
 */
export function upsellGap(share: number | null, teamMedian: number | null): number | null {
  if (share === null || teamMedian === null || teamMedian < GAP_MEDIAN_FLOOR || share >= teamMedian) return null;
  return teamMedian - share;
}

export interface AdopterPoint {
  weekStart: Week;
  adopters: number;
}

export interface UpsellOutcome {
  /** Adopters of the product in the last imported week before the task's week (null: no data before). */
  before: number | null;
  beforeWeek: Week | null;
  /** The weeks from the task's week onward, oldest first. */
  after: AdopterPoint[];
  /** Adopters in the newest week from the task's week onward (null: no data yet). */
  latest: number | null;
  change: number | null;
  /** True when the newest week has more adopters than the week before the task; null when either is missing. */
  converted: boolean | null;
}

/**
 * Did an upsell convert? The product's adopters from the week the task was created onward,
 * against the value in the last week before it. `series` is the affiliate's weekly adopters of
 * the product (any order; weeks without activity may be absent).
 */
export function upsellOutcome(series: readonly AdopterPoint[], taskWeek: Week): UpsellOutcome {
  const sorted = [...series].sort((a, b) => (a.weekStart < b.weekStart ? -1 : a.weekStart > b.weekStart ? 1 : 0));
  const beforePoints = sorted.filter((p) => p.weekStart < taskWeek);
  const after = sorted.filter((p) => p.weekStart >= taskWeek);
  const last = beforePoints.at(-1) ?? null;
  const latest = after.at(-1)?.adopters ?? null;
  const before = last?.adopters ?? null;
  const change = before !== null && latest !== null ? latest - before : null;
  return { before, beforeWeek: last?.weekStart ?? null, after, latest, change, converted: change === null ? null : change > 0 };
}
