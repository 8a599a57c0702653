import type { AppDatabase } from "../../db";
import { findMovers, moverInputs, MOVERS_SHOWN } from "../domain/movers";
import type { Period } from "../domain/period";
import { PortfolioQuery } from "../domain/portfolio";
import { buildTeamRows, crossProductMatrix, MatrixQuery, queryMatrix, teamTotals, type TeamManager } from "../domain/team";
import { addWeeks, isoDate } from "../domain/weeks";
import { snapshotsOfWeek, snapshotWeekAtOrBefore } from "../models/health.server";
import { cachedKpisByAffiliate, memoByData, workVersion } from "../models/kpis.server";
import { openIncidentsByManager, overdueTasksByManager, unassignedAffiliates } from "../models/team.server";
import { listUsers } from "../models/users.server";
import { portfolioView } from "./portfolio.server";

/** Every affiliate's portfolio row for the period (the same figures the portfolio shows), in its default order. */
function allRows(database: AppDatabase, period: Period) {
  const everything = PortfolioQuery.parse({ scope: "all", maturity: "all" });
  return portfolioView(database, period, everything, { id: 0, role: "admin" }).filtered;
}

/** The managers the team page lists: every active manager, and anyone else who owns affiliates. */
export function teamManagers(database: AppDatabase, owners: { managerId: number | null; managerName: string | null }[]): TeamManager[] {
  const out = new Map<number, TeamManager>(listUsers(database, { role: "manager" }).map((u) => [u.id, { id: u.id, name: u.name }]));
  for (const o of owners) if (o.managerId != null && !out.has(o.managerId)) out.set(o.managerId, { id: o.managerId, name: o.managerName ?? `User ${o.managerId}` });
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The snapshot week that stands for "the end of the week before `week`", or null when nothing was scored by then. */
function snapshotsAt(database: AppDatabase, week: string) {
  const at = snapshotWeekAtOrBefore(database, week);
  return at ? snapshotsOfWeek(database, at) : new Map<string, never>();
}

/**
 * The team page: a row per manager, the period's movers (health at the period's last week
 * against the week before it starts; volume against the previous period), the cross-product
 * matrix (the page of it that `matrixQuery` asks for) and the affiliates waiting for an owner.
 */
export function loadTeam(database: AppDatabase, period: Period, now: number, matrixQuery: MatrixQuery = MatrixQuery.parse({})) {
  const rows = allRows(database, period);
  const managers = teamManagers(database, rows);
  const teamRows = buildTeamRows(managers, rows, {
    now,
    overdueTasks: overdueTasksByManager(database, isoDate(new Date(now))),
    openIncidents: openIncidentsByManager(database),
  });

  // The movers and every affiliate's matrix shares are kept per period until the data or the work
  // changes (the snapshots read for the movers were ~25 ms of a view at 2,400 affiliates).
  const version = `${period.from}|${period.to}|${workVersion(database)}`;
  const movers = memoByData(database, `movers|${version}`, () => {
    const volumes = new Map(rows.map((r) => [r.uid, { then: r.totalVolumePrev, now: r.totalVolume }]));
    return findMovers(moverInputs(rows, snapshotsAt(database, addWeeks(period.from, -1)), snapshotsAt(database, period.to), volumes), MOVERS_SHOWN);
  });
  const { rows: matrixRows, medians } = memoByData(database, `matrix|${version}`, () => crossProductMatrix(rows, cachedKpisByAffiliate(database, period.from, period.to)));
  const matrix = { ...queryMatrix(matrixRows, matrixQuery), medians };
  return {
    managers,
    rows: teamRows,
    totals: teamTotals(teamRows),
    movers,
    matrix,
    unassigned: unassignedAffiliates(database),
  };
}
