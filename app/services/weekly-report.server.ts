import type { AppDatabase } from "../../db";
import { isStale } from "../domain/health-view";
import { periodEnd, totalVolume } from "../domain/kpis";
import { findMovers, moverInputs, type MoverInput } from "../domain/movers";
import { addWeeks, isoDate } from "../domain/weeks";
import { toReportMovers, type ReportIncident, type ReportSection, type ReportUpsell, type WeeklyReport } from "../domain/weekly-report";
import { listAffiliatesWithOwner } from "../models/affiliates.server";
import { snapshotsOfWeek } from "../models/health.server";
import { latestImportedWeek, weeksWithData } from "../models/imports.server";
import { cachedKpisByAffiliate } from "../models/kpis.server";
import { upsellTaskOutcomes } from "../models/tasks.server";
import { incidentsClosed, incidentsOpened, lastReferralImport, tasksDone, tasksOverdueAt, type IncidentEvent, type TaskEvent } from "../models/team.server";
import { teamManagers } from "./team.server";

const DAY = 86_400_000;
const zero = { spotVolume: 0, futuresVolume: 0, optionsVolume: 0 };
/** How many of each mover list the team section and each manager's section show. */
export const TEAM_MOVERS = 10;
export const MANAGER_MOVERS = 5;

/**
 * The week a report is asked for: a Monday with imported data; the newest such week when none
 * is given. An error message otherwise (the page answers 404 with it, the digest exits 2).
 */
export function resolveReportWeek(database: AppDatabase, raw: string | null | undefined): { week: string; weeks: string[] } | { error: string } {
  const weeks = weeksWithData(database);
  if (weeks.length === 0) return { error: "No referral data has been imported yet: there is no week to report on." };
  if (raw == null || raw === "") return { week: weeks[0], weeks };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) return { error: `"${raw}" is not a date: give a week's Monday as YYYY-MM-DD.` };
  if (new Date(`${raw}T00:00:00Z`).getUTCDay() !== 1) return { error: `${raw} is not a Monday: weeks are named by their Monday.` };
  if (!weeks.includes(raw)) return { error: `No data for the week of ${raw}: the imported weeks run from ${weeks.at(-1)} to ${weeks[0]}.` };
  return { week: raw, weeks };
}

const incident = (i: IncidentEvent): ReportIncident => ({ id: i.id, title: i.title, severity: i.severity });

/** The report of one week (a Monday with data), compared with the week before. */
export function buildWeeklyReport(database: AppDatabase, week: string, now = Date.now()): WeeklyReport {
  const previousWeek = addWeeks(week, -1);
  const weekEnd = periodEnd(week);
  const start = Date.parse(`${week}T00:00:00Z`);
  const end = start + 7 * DAY;

  const affiliates = listAffiliatesWithOwner(database);
  const managers = teamManagers(database, affiliates);
  const managerNames = new Map(managers.map((m) => [m.id, m.name]));
  const nameOf = (id: number | null) => (id == null ? null : managerNames.get(id) ?? null);

  const kpisNow = cachedKpisByAffiliate(database, week, week);
  const kpisThen = cachedKpisByAffiliate(database, previousWeek, previousWeek);
  const volumes = new Map(affiliates.map((a) => [a.uid, { then: totalVolume(kpisThen.get(a.uid) ?? zero), now: totalVolume(kpisNow.get(a.uid) ?? zero) }]));
  const inputs = moverInputs(affiliates, snapshotsOfWeek(database, previousWeek), snapshotsOfWeek(database, week), volumes);

  const opened = incidentsOpened(database, start, end);
  const closed = incidentsClosed(database, start, end);
  const done = tasksDone(database, start, end);
  const overdue = tasksOverdueAt(database, weekEnd, end);
  const doneUpsells = done.filter((t) => t.kind === "upsell" && t.product);
  const outcomes = upsellTaskOutcomes(database, doneUpsells);
  const upsells = doneUpsells.flatMap((t): (ReportUpsell & { managerId: number | null })[] => {
    const outcome = outcomes.get(t.id);
    if (!outcome?.converted) return [];
    return [{ taskId: t.id, title: t.title, uid: t.affiliateUid, name: t.affiliateName, product: t.product!, before: outcome.before, latest: outcome.latest, managerId: t.managerId }];
  });

  const section = (managerId: number | null, title: string, mine: (m: { managerId: number | null }) => boolean, limit: number, ownsIncident: (i: IncidentEvent) => boolean): ReportSection => ({
    managerId,
    title,
    affiliates: affiliates.filter(mine).length,
    ...toReportMovers(findMovers(inputs.filter((i: MoverInput) => mine(i)), limit), nameOf),
    incidentsOpened: opened.filter(ownsIncident).map(incident),
    incidentsClosed: closed.filter(ownsIncident).map(incident),
    tasksDone: done.filter((t: TaskEvent) => mine(t)).length,
    tasksOverdue: overdue.filter((t: TaskEvent) => mine(t)).length,
    upsellsConverted: upsells.filter(mine).map(({ managerId: _m, ...u }) => u),
  });

  const newestWeek = latestImportedWeek(database);
  return {
    week,
    weekEnd,
    previousWeek,
    generatedAt: now,
    freshness: { newestWeek, importedAt: lastReferralImport(database)?.finishedAt ?? null, stale: isStale(newestWeek, isoDate(new Date(now))) },
    team: section(null, "Team", () => true, TEAM_MOVERS, () => true),
    managers: managers.map((m) => section(m.id, m.name, (x) => x.managerId === m.id, MANAGER_MOVERS, (i) => i.managerIds.includes(m.id))),
  };
}
