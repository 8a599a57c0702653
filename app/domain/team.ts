import { z } from "zod";
import { SEVERITIES, type Band, type Severity } from "./health";
import { crossProduct } from "./affiliate-360";
import { conversion, EMPTY_KPIS, PRODUCT_KEYS, type Kpis } from "./kpis";
import { pageOf } from "./paging";
import { byName } from "./portfolio";
import { delta } from "./period";
import { MATURED_MONTHS } from "./tenure";

/**
 * The team review: one row per manager (portfolio size, health mix, volume and rewards against
 * the previous period, overdue tasks, open incidents, contact coverage) and the cross-product
 * matrix. Pure: the service gathers the inputs.
 */

/** An affiliate engaged within this many days counts as covered. */
export const COVERAGE_DAYS = 30;

/** What the team rows need of each affiliate (a portfolio row has it all). */
export interface TeamAffiliate {
  uid: string;
  name: string;
  managerId: number | null;
  tenureMonths: number | null;
  healthBand: Band | null;
  totalVolume: number;
  totalVolumePrev: number;
  rewards: number;
  rewardsPrev: number;
  lastEngagementAt: number | null;
}

export interface TeamManager {
  id: number;
  name: string;
}

export interface TeamRow {
  managerId: number;
  name: string;
  affiliates: number;
  matured: number;
  bands: Record<Band | "unscored", number>;
  volume: { value: number; previous: number; abs: number; pct: number | null };
  rewards: { value: number; previous: number; abs: number; pct: number | null };
  overdueTasks: number;
  openIncidents: Record<Severity, number>;
  /** Affiliates engaged in the last COVERAGE_DAYS days. */
  contacted: number;
  /** contacted ÷ affiliates (null with no affiliates). */
  coverage: number | null;
}

const emptySeverities = (): Record<Severity, number> => ({ SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 });

/**
 * One row per manager, in the managers' order. `overdueTasks` and `openIncidents` are counted
 * per manager by the caller; `now` (ms) anchors the contact coverage.
 */
export function buildTeamRows(
  managers: readonly TeamManager[],
  affiliates: readonly TeamAffiliate[],
  ctx: { now: number; overdueTasks: Map<number, number>; openIncidents: Map<number, Partial<Record<Severity, number>>> },
): TeamRow[] {
  const since = ctx.now - COVERAGE_DAYS * 86_400_000;
  const rows = new Map<number, TeamRow & { volumePrev: number; rewardsPrev: number }>();
  for (const m of managers) {
    rows.set(m.id, {
      managerId: m.id,
      name: m.name,
      affiliates: 0,
      matured: 0,
      bands: { healthy: 0, watch: 0, at_risk: 0, unscored: 0 },
      volume: { value: 0, previous: 0, abs: 0, pct: null },
      rewards: { value: 0, previous: 0, abs: 0, pct: null },
      overdueTasks: ctx.overdueTasks.get(m.id) ?? 0,
      openIncidents: { ...emptySeverities(), ...ctx.openIncidents.get(m.id) },
      contacted: 0,
      coverage: null,
      volumePrev: 0,
      rewardsPrev: 0,
    });
  }
  for (const a of affiliates) {
    const row = a.managerId == null ? undefined : rows.get(a.managerId);
    if (!row) continue;
    row.affiliates += 1;
    if (a.tenureMonths != null && a.tenureMonths >= MATURED_MONTHS) row.matured += 1;
    row.bands[a.healthBand ?? "unscored"] += 1;
    row.volume.value += a.totalVolume;
    row.volumePrev += a.totalVolumePrev;
    row.rewards.value += a.rewards;
    row.rewardsPrev += a.rewardsPrev;
    if (a.lastEngagementAt != null && a.lastEngagementAt >= since && a.lastEngagementAt <= ctx.now) row.contacted += 1;
  }
  return [...rows.values()].map(({ volumePrev, rewardsPrev, ...r }) => ({
    ...r,
    volume: { value: r.volume.value, previous: volumePrev, ...delta(r.volume.value, volumePrev) },
    rewards: { value: r.rewards.value, previous: rewardsPrev, ...delta(r.rewards.value, rewardsPrev) },
    coverage: r.affiliates > 0 ? r.contacted / r.affiliates : null,
  }));
}

/** The team's totals over the rows (Δ against the summed previous values). */
export function teamTotals(rows: readonly TeamRow[]) {
  const sum = (f: (r: TeamRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const volume = sum((r) => r.volume.value);
  const volumePrev = sum((r) => r.volume.previous);
  const rewards = sum((r) => r.rewards.value);
  const rewardsPrev = sum((r) => r.rewards.previous);
  const affiliates = sum((r) => r.affiliates);
  const contacted = sum((r) => r.contacted);
  return {
    affiliates,
    matured: sum((r) => r.matured),
    atRisk: sum((r) => r.bands.at_risk),
    volume: { value: volume, ...delta(volume, volumePrev) },
    rewards: { value: rewards, ...delta(rewards, rewardsPrev) },
    overdueTasks: sum((r) => r.overdueTasks),
    openIncidents: sum((r) => SEVERITIES.reduce((s, k) => s + r.openIncidents[k], 0)),
    coverage: affiliates > 0 ? contacted / affiliates : null,
  };
}

export const MATRIX_PRODUCTS = PRODUCT_KEYS.map((p) => ({ key: p.product, label: p.label }));
export type MatrixProduct = (typeof PRODUCT_KEYS)[number]["product"];

export interface MatrixRow {
  uid: string;
  name: string;
  managerId: number | null;
  managerName: string | null;
  active: number;
  /** Per product: adopters ÷ active invitees (null with no active invitee). */
  shares: Record<MatrixProduct, number | null>;
}

/**
 * The cross-product matrix: each affiliate with active invitees in the period, its share of
 * active invitees per product, and the team median per product (affiliate-360's definition:
 * affiliates with at least MIN_ACTIVE active invitees).
 */
export function crossProductMatrix(affiliates: readonly { uid: string; name: string; managerId: number | null; managerName: string | null }[], kpis: Map<string, Kpis>) {
  const rows: MatrixRow[] = [];
  const team: Kpis[] = [];
  for (const a of affiliates) {
    const k = kpis.get(a.uid);
    if (!k) continue;
    team.push(k);
    if (k.active === 0) continue;
    rows.push({
      ...a,
      active: k.active,
      shares: Object.fromEntries(PRODUCT_KEYS.map((p) => [p.product, conversion(k[p.adopters], k.active)])) as Record<MatrixProduct, number | null>,
    });
  }
  const medians = Object.fromEntries(crossProduct(EMPTY_KPIS, EMPTY_KPIS, team).map((c) => [c.product, c.teamMedian])) as Record<MatrixProduct, number | null>;
  return { rows, medians };
}

/** The matrix's columns that sort it. */
export const MATRIX_SORTS = ["name", "active", ...PRODUCT_KEYS.map((p) => p.product)] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];
export const MATRIX_PAGE_SIZE = 25;

/**
 * The matrix's view in the team page's URL (sorted, filtered by manager and paged on the server:
 * a team has thousands of affiliates). Prefixed `m` beside the page's period parameters.
 */
export const MatrixQuery = z.object({
  msort: z.enum(MATRIX_SORTS).default("active").catch("active"),
  mdir: z.enum(["asc", "desc"]).optional().catch(undefined),
  /** A manager's id, or "none": the unassigned affiliates. */
  mmanager: z.union([z.literal("none"), z.coerce.number().int().positive()]).optional().catch(undefined),
  mpage: z.coerce.number().int().min(1).default(1).catch(1),
});
export type MatrixQuery = z.infer<typeof MatrixQuery>;

/** Names A→Z first; figures largest first. */
export const matrixFirstDir = (sort: MatrixSort): "asc" | "desc" => (sort === "name" ? "asc" : "desc");

/**
 * One page of the matrix: the rows of the manager asked for (or everyone's), sorted either way
 * with empty shares last and ties by name; a page past the last shows the last.
 */
export function queryMatrix(rows: readonly MatrixRow[], q: MatrixQuery, size = MATRIX_PAGE_SIZE) {
  const dir = q.mdir ?? matrixFirstDir(q.msort);
  const sign = dir === "asc" ? 1 : -1;
  const value = (r: MatrixRow): string | number | null => (q.msort === "name" ? r.name : q.msort === "active" ? r.active : r.shares[q.msort]);
  const kept = q.mmanager === undefined ? rows : rows.filter((r) => (q.mmanager === "none" ? r.managerId == null : r.managerId === q.mmanager));
  const keyed = kept.map((r) => ({ r, v: value(r) }));
  keyed.sort(({ r: a, v: x }, { r: b, v: y }) => {
    if (x == null || y == null) return x == null && y == null ? byName(a.name, b.name) : x == null ? 1 : -1;
    const c = typeof x === "string" ? byName(x, y as string) : x - (y as number);
    return c !== 0 ? sign * c : byName(a.name, b.name);
  });
  const { rows: shown, page, pages } = pageOf(keyed, { page: q.mpage, size });
  return { rows: shown.map((k) => k.r), total: keyed.length, page, pages, sort: q.msort, dir, manager: q.mmanager ?? null };
}
