import { z } from "zod";
import { AFFILIATE_TYPES, BANDS } from "./enums";
import type { Band } from "./health";
import type { IncidentSeverity } from "./incidents";
import { EMPTY_KPIS, productBreadth, totalRewards, totalVolume, type Kpis } from "./kpis";
import { delta, PeriodQuery } from "./period";
import { pageOf } from "./paging";
import { maturity, tenureMonths, type Maturity } from "./tenure";

/**
 * The portfolio: one row per affiliate with its period KPIs, and the list query (filters, sort,
 * page) that the URL carries — one zod schema for the loader and the table. Pure.
 */
export const PORTFOLIO_SORTS = ["name", "tenure", "health", "volume", "volumeDelta", "traded", "rewards", "breadth", "lastEngagement", "openTasks", "openIncidents", "country", "type", "tier"] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export const PortfolioQuery = PeriodQuery.extend({
  scope: z.enum(["mine", "team", "all"]).optional().catch(undefined),
  /** A manager's id, or "none": the unassigned affiliates (whatever the scope). */
  manager: z.union([z.literal("none"), z.coerce.number().int().positive()]).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  type: z.enum(AFFILIATE_TYPES).optional().catch(undefined),
  country: z.string().toUpperCase().regex(/^[A-Z]{2}$/).optional().catch(undefined),
  language: z.string().max(20).optional().catch(undefined),
  tier: z.string().max(40).optional().catch(undefined),
  maturity: z.enum(["all", "matured", "new", "maturing", "mature"]).default("matured").catch("matured"),
  incident: z.enum(["open"]).optional().catch(undefined),
  band: z.enum(BANDS).optional().catch(undefined),
  sort: z.enum(PORTFOLIO_SORTS).default("volume").catch("volume"),
  dir: z.enum(["asc", "desc"]).default("desc").catch("desc"),
  page: z.coerce.number().int().min(1).default(1).catch(1),
  size: z.coerce.number().int().refine((v) => [25, 50, 100].includes(v)).default(25).catch(25),
});
export type PortfolioQuery = z.infer<typeof PortfolioQuery>;

export interface AffiliateBase {
  uid: string;
  name: string;
  type: string;
  country: string | null;
  language: string | null;
  tier: string | null;
  joinedAt: string | null;
  managerId: number | null;
  managerName: string | null;
  status: string;
}

export interface PortfolioRow extends AffiliateBase {
  tenureMonths: number | null;
  maturity: Maturity | null;
  totalVolume: number;
  volumeDeltaPct: number | null;
  traded: number;
  tradedPrev: number;
  rewards: number;
  rewardsPrev: number;
  totalVolumePrev: number;
  breadth: number;
  lastEngagementAt: number | null;
  openTasks: number;
  openIncidents: number;
  worstIncident: IncidentSeverity | null;
  codes: string[];
  healthScore: number | null;
  healthBand: Band | null;
  /** Score change against the snapshot 4 weeks earlier (null without one). */
  healthTrend: number | null;
  /** The band at the end of the previous period (for the at-risk card's Δ). */
  healthBandPrev: Band | null;
  /** A manager's temporary band, which the band shows instead of the computed one. */
  healthOverride: boolean;
}

export interface HealthView {
  score: number | null;
  band: Band | null;
  earlier: number | null;
  previousBand: Band | null;
  override?: Band | null;
}

export function buildPortfolioRows(
  affiliates: AffiliateBase[],
  ctx: {
    periodEnd: string;
    kpis: Map<string, Kpis>;
    previous: Map<string, Kpis>;
    lastEngagement: Map<string, number>;
    openTasks: Map<string, number>;
    openIncidents: Map<string, { count: number; worst: IncidentSeverity }>;
    codes: Map<string, string[]>;
    health?: Map<string, HealthView>;
  },
): PortfolioRow[] {
  return affiliates.map((a) => {
    const k = ctx.kpis.get(a.uid) ?? EMPTY_KPIS;
    const p = ctx.previous.get(a.uid) ?? EMPTY_KPIS;
    const months = tenureMonths(a.joinedAt, ctx.periodEnd);
    const vol = totalVolume(k);
    const volPrev = totalVolume(p);
    const inc = ctx.openIncidents.get(a.uid);
    const h = ctx.health?.get(a.uid);
    // Every field named (no spread of the query's row objects): rows of one shape keep the
    // per-request filter, sort and sums over all affiliates fast (~10× on 2,000 rows).
    return {
      uid: a.uid,
      name: a.name,
      type: a.type,
      country: a.country,
      language: a.language,
      tier: a.tier,
      joinedAt: a.joinedAt,
      managerId: a.managerId,
      managerName: a.managerName,
      status: a.status,
      tenureMonths: months,
      maturity: maturity(months),
      totalVolume: vol,
      totalVolumePrev: volPrev,
      volumeDeltaPct: delta(vol, volPrev).pct,
      traded: k.traded,
      tradedPrev: p.traded,
      rewards: totalRewards(k),
      rewardsPrev: totalRewards(p),
      breadth: productBreadth(k),
      lastEngagementAt: ctx.lastEngagement.get(a.uid) ?? null,
      openTasks: ctx.openTasks.get(a.uid) ?? 0,
      openIncidents: inc?.count ?? 0,
      worstIncident: inc?.worst ?? null,
      codes: ctx.codes.get(a.uid) ?? [],
      healthScore: h?.score ?? null,
      healthBand: h?.override ?? h?.band ?? null,
      healthOverride: !!h?.override,
      healthTrend: h && h.score !== null && h.earlier !== null ? h.score - h.earlier : null,
      healthBandPrev: h?.previousBand ?? null,
    };
  });
}

/** The order of String.prototype.localeCompare, without its set-up on every call. */
export const byName = new Intl.Collator().compare;

const SORT_VALUE: Record<PortfolioSort, (r: PortfolioRow) => string | number | null> = {
  name: (r) => r.name.toLowerCase(),
  tenure: (r) => r.tenureMonths,
  health: (r) => r.healthScore,
  volume: (r) => r.totalVolume,
  volumeDelta: (r) => r.volumeDeltaPct,
  traded: (r) => r.traded,
  rewards: (r) => r.rewards,
  breadth: (r) => r.breadth,
  lastEngagement: (r) => r.lastEngagementAt,
  openTasks: (r) => r.openTasks,
  openIncidents: (r) => r.openIncidents,
  country: (r) => r.country,
  type: (r) => r.type,
  tier: (r) => r.tier,
};

/** The rows in a sort's order: empty values last, ties by name. */
export function sortPortfolio(rows: PortfolioRow[], sort: PortfolioSort, dir: "asc" | "desc"): PortfolioRow[] {
  // Each row's sort value read once (not twice per comparison), names compared by one collator.
  const value = SORT_VALUE[sort];
  const sign = dir === "asc" ? 1 : -1;
  const keyed = rows.map((r) => ({ r, v: value(r) }));
  keyed.sort(({ r: a, v: x }, { r: b, v: y }) => {
    if (x == null && y == null) return byName(a.name, b.name);
    if (x == null) return 1;
    if (y == null) return -1;
    if (x < y) return -sign;
    if (x > y) return sign;
    return byName(a.name, b.name);
  });
  return keyed.map((k) => k.r);
}

/**
 * Sorts (sortPortfolio, or `order`: the same order kept by the caller) and filters (scope,
 * manager and the rest) the rows: the view, every page of it.
 */
export function filterPortfolio(rows: PortfolioRow[], q: PortfolioQuery, user: { id: number; role: string }, order: typeof sortPortfolio = sortPortfolio) {
  const scope = q.scope ?? (user.role === "manager" ? "mine" : "team");
  const needle = q.q?.toLowerCase();
  // The filters read once, before the rows: a parsed query's shape depends on which filters it
  // has, and reading its fields for each of thousands of rows made that loop most of the loader.
  const { manager, type, country, language, tier, maturity, incident, band } = q;
  const userId = user.id;
  const filtered = order(rows, q.sort, q.dir).filter((r) => {
    if (scope === "mine" && r.managerId !== userId) return false;
    if (scope === "team" && r.managerId == null && manager !== "none") return false;
    if (manager === "none" ? r.managerId != null : manager && r.managerId !== manager) return false;
    if (needle && !(r.name.toLowerCase().includes(needle) || r.uid.includes(needle) || r.codes.some((c) => c.toLowerCase() === needle))) return false;
    if (type && r.type !== type) return false;
    if (country && r.country !== country) return false;
    if (language && r.language !== language) return false;
    if (tier && r.tier !== tier) return false;
    if (maturity === "matured" && !(r.tenureMonths != null && r.tenureMonths >= 6)) return false;
    if (maturity !== "all" && maturity !== "matured" && r.maturity !== maturity) return false;
    if (incident === "open" && r.openIncidents === 0) return false;
    if (band && r.healthBand !== band) return false;
    return true;
  });
  return { scope, filtered };
}

/**
 * What a view depends on besides the rows and the user: the query without its page and page
 * size (a key for keeping a view while its pages are looked through).
 */
export function portfolioViewKey(q: PortfolioQuery): string {
  const { page: _page, size: _size, ...view } = q;
  return JSON.stringify(view);
}

/** filterPortfolio, then the query's page of it. */
export function queryPortfolio(rows: PortfolioRow[], q: PortfolioQuery, user: { id: number; role: string }, order: typeof sortPortfolio = sortPortfolio) {
  const view = filterPortfolio(rows, q, user, order);
  return { ...view, ...pageOf(view.filtered, q) };
}

/** The summary cards over the filtered rows. */
export function portfolioSummary(rows: PortfolioRow[]) {
  let volume = 0,
    volumePrev = 0,
    rewards = 0,
    rewardsPrev = 0,
    traded = 0,
    tradedPrev = 0;
  for (const r of rows) {
    volume += r.totalVolume;
    volumePrev += r.totalVolumePrev;
    rewards += r.rewards;
    rewardsPrev += r.rewardsPrev;
    traded += r.traded;
    tradedPrev += r.tradedPrev;
  }
  const atRisk = rows.filter((r) => r.healthBand === "at_risk").length;
  const atRiskPrev = rows.filter((r) => r.healthBandPrev === "at_risk").length;
  return {
    affiliates: rows.length,
    atRisk: { value: atRisk, ...delta(atRisk, atRiskPrev), known: rows.some((r) => r.healthBand !== null) },
    volume: { value: volume, ...delta(volume, volumePrev) },
    rewards: { value: rewards, ...delta(rewards, rewardsPrev) },
    traded: { value: traded, ...delta(traded, tradedPrev) },
  };
}
