import type { AppDatabase } from "../../db";
import { periodEnd } from "../domain/kpis";
import { addWeeks, weeksBetween } from "../domain/weeks";
import type { Period } from "../domain/period";
import { pageOf } from "../domain/paging";
import { buildPortfolioRows, filterPortfolio, portfolioSummary, portfolioViewKey, sortPortfolio, type HealthView, type PortfolioQuery, type PortfolioRow } from "../domain/portfolio";
import { activeOverrides, snapshotsOfWeek, snapshotWeekAtOrBefore } from "../models/health.server";
import { centsToDecimal } from "../domain/format";
import { spreadsheetText } from "../domain/csv/reader";
import { toCsv } from "./export.server";
import { codesByAffiliate, listAffiliatesWithOwner, openWorkByAffiliate } from "../models/affiliates.server";
import { cachedKpisByAffiliate, memoByData, memoViewByData, weeklyVolumes, workVersion } from "../models/kpis.server";
import { lastEngagements } from "../models/notes.server";
import { sparklinePoints } from "../domain/sparkline";

/** Every affiliate's row for a period: its KPIs against the previous period, its open work and health. */
/** Every affiliate's portfolio row for the period (kept per data and work version). */
export function portfolioRows(database: AppDatabase, period: Period): PortfolioRow[] {
  // The rows change with the data (imports) and the work (notes, tasks, incidents, profiles): kept until either does.
  return memoByData(database, `portfolio|${period.from}|${period.to}|${workVersion(database)}`, () => {
    const open = openWorkByAffiliate(database);
    return buildPortfolioRows(listAffiliatesWithOwner(database), {
      periodEnd: periodEnd(period.to),
      kpis: cachedKpisByAffiliate(database, period.from, period.to),
      previous: cachedKpisByAffiliate(database, period.previous.from, period.previous.to),
      lastEngagement: lastEngagements(database),
      openTasks: open.tasks,
      openIncidents: open.incidents,
      codes: codesByAffiliate(database),
      health: healthViews(database, period),
    });
  });
}

/** sortPortfolio for a period's rows, each sort's order kept per period and version like the rows. */
function orderedPortfolio(database: AppDatabase, period: Period): typeof sortPortfolio {
  const version = `${period.from}|${period.to}|${workVersion(database)}`;
  return (rows, sort, dir) => memoByData(database, `portfolio-order|${version}|${sort}|${dir}`, () => sortPortfolio(rows, sort, dir));
}

/** A view of the period's rows (filters and sort, every page of it), in the kept sort orders. */
export function portfolioView(database: AppDatabase, period: Period, query: PortfolioQuery, user: { id: number; role: string }) {
  return filterPortfolio(portfolioRows(database, period), query, user, orderedPortfolio(database, period));
}

/** The portfolio for a period: every affiliate's KPIs against the previous period, filtered, sorted, paged. */
export function loadPortfolio(database: AppDatabase, period: Period, query: PortfolioQuery, user: { id: number; role: string }) {
  // Each view is kept with its summary, for the user's scope (memoViewByData empties them when the
  // data or the work changes): paging through it slices it.
  const view = memoViewByData(database, `portfolio-view|${period.from}|${period.to}|${user.id}|${user.role}|${portfolioViewKey(query)}`, () => {
    const v = portfolioView(database, period, query, user);
    return { ...v, summary: portfolioSummary(v.filtered) };
  });
  const result = { ...view, ...pageOf(view.filtered, query) };
  // The rows shown get their weekly volume as a sparkline's points (every affiliate's kept per period until the data changes).
  const sparklines = memoByData(database, `sparklines|${period.from}|${period.to}`, () => {
    const series = weeklyVolumes(database, weeksBetween(period.from, period.to));
    return { byUid: new Map([...series].map(([uid, s]) => [uid, sparklinePoints(s)])), none: sparklinePoints(new Array<number>(period.weeks).fill(0)) };
  });
  return {
    ...result,
    total: result.filtered.length,
    // What the page shows of each row (the loader data is serialised into the page on every view).
    rows: result.rows.map((r) => ({
      uid: r.uid,
      name: r.name,
      type: r.type,
      country: r.country,
      language: r.language,
      tier: r.tier,
      managerId: r.managerId,
      managerName: r.managerName,
      tenureMonths: r.tenureMonths,
      maturity: r.maturity,
      healthScore: r.healthScore,
      healthBand: r.healthBand,
      healthOverride: r.healthOverride,
      healthTrend: r.healthTrend,
      totalVolume: r.totalVolume,
      volumeDeltaPct: r.volumeDeltaPct,
      traded: r.traded,
      rewards: r.rewards,
      breadth: r.breadth,
      lastEngagementAt: r.lastEngagementAt,
      openTasks: r.openTasks,
      openIncidents: r.openIncidents,
      worstIncident: r.worstIncident,
      sparkline: sparklines.byUid.get(r.uid) ?? sparklines.none,
    })),
  };
}

const text = spreadsheetText;
/** The view's columns: text cells guarded against formula injection, figures as they are. */
const VIEW_COLUMNS = [
  ["affiliate_uid", (r: PortfolioRow) => r.uid],
  ["name", (r: PortfolioRow) => text(r.name)],
  ["type", (r: PortfolioRow) => text(r.type)],
  ["country", (r: PortfolioRow) => text(r.country ?? "")],
  ["language", (r: PortfolioRow) => text(r.language ?? "")],
  ["tier", (r: PortfolioRow) => text(r.tier ?? "")],
  ["manager", (r: PortfolioRow) => text(r.managerName ?? "")],
  ["tenure_months", (r: PortfolioRow) => (r.tenureMonths == null ? "" : String(r.tenureMonths))],
  ["health_score", (r: PortfolioRow) => (r.healthScore == null ? "" : String(r.healthScore))],
  ["health_band", (r: PortfolioRow) => r.healthBand ?? ""],
  ["total_volume_usd", (r: PortfolioRow) => centsToDecimal(r.totalVolume)],
  ["total_volume_change_pct", (r: PortfolioRow) => (r.volumeDeltaPct == null ? "" : (r.volumeDeltaPct * 100).toFixed(1))],
  ["traded", (r: PortfolioRow) => String(r.traded)],
  ["total_rewards_usd", (r: PortfolioRow) => centsToDecimal(r.rewards)],
  ["products_with_adopters", (r: PortfolioRow) => String(r.breadth)],
  ["last_engagement", (r: PortfolioRow) => (r.lastEngagementAt ? new Date(r.lastEngagementAt).toISOString().slice(0, 10) : "")],
  ["open_tasks", (r: PortfolioRow) => String(r.openTasks)],
  ["open_incidents", (r: PortfolioRow) => String(r.openIncidents)],
] as const;

/** The current view (every page of it) as CSV. */
export function portfolioViewCsv(database: AppDatabase, period: Period, query: PortfolioQuery, user: { id: number; role: string }): string {
  const { filtered } = portfolioView(database, period, query, user);
  return toCsv(
    VIEW_COLUMNS.map(([h]) => h),
    filtered.map((r) => VIEW_COLUMNS.map(([, f]) => f(r))),
  );
}

/** Each affiliate's health at the period's end, 4 weeks before, and at the previous period's end. */
function healthViews(database: AppDatabase, period: Period): Map<string, HealthView> {
  const out = new Map<string, HealthView>();
  const week = snapshotWeekAtOrBefore(database, period.to);
  if (!week) return out;
  const now = snapshotsOfWeek(database, week);
  const earlier = snapshotsOfWeek(database, addWeeks(week, -4));
  const prevWeek = snapshotWeekAtOrBefore(database, period.previous.to);
  const prev = prevWeek ? snapshotsOfWeek(database, prevWeek) : new Map();
  const overrides = activeOverrides(database);
  for (const [uid, s] of now) out.set(uid, { score: s.score, band: s.band, earlier: earlier.get(uid)?.score ?? null, previousBand: prev.get(uid)?.band ?? null, override: overrides.get(uid) ?? null });
  return out;
}
