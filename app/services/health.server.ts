import type { AppDatabase } from "../../db";
import { median } from "../domain/affiliate-360";
import { evaluateAlerts, scoreHealth, type Band, type HealthScore, type HealthSettings } from "../domain/health";
import { PRODUCT_KEYS } from "../domain/kpis";
import { maturity, tenureMonths } from "../domain/tenure";
import { addWeeks, isoDate } from "../domain/weeks";
import { calendarDate } from "../domain/tenure";
import { addDays } from "date-fns";
import { getHealthSettings, healthRawInputs, snapshotsOfWeek, toHealthInputs, writeHealthSnapshots } from "../models/health.server";
import { latestImportedWeek } from "../models/imports.server";
import { kpisByAffiliate } from "../models/kpis.server";
import { createTask } from "../models/tasks.server";

const MIN_FUNNEL = 5;

/** Every affiliate's score for a week, with the settings given (nothing written). */
export function computeHealth(database: AppDatabase, week: string, now: number, settings: HealthSettings): { uid: string; score: HealthScore }[] {
  const raw = healthRawInputs(database, week, now);
  const end = isoDate(addDays(calendarDate(week), 6));
  const roster = database.sqlite.prepare("SELECT uid, joined_at AS joinedAt, manager_id AS managerId FROM affiliates").all() as { uid: string; joinedAt: string | null; managerId: number | null }[];
  const band = new Map(roster.map((a) => [a.uid, maturity(tenureMonths(a.joinedAt, end))]));
  // Peers of similar tenure (same maturity band) for the funnel; the team (owned affiliates with activity) for breadth.
  const conversions = new Map<string, number[]>();
  for (const [uid, r] of raw) {
    if (r.referrals < MIN_FUNNEL) continue;
    const key = String(band.get(uid));
    if (!conversions.has(key)) conversions.set(key, []);
    conversions.get(key)!.push(r.firstTrades / r.referrals);
  }
  const owned = new Set(roster.filter((a) => a.managerId != null).map((a) => a.uid));
  const teamBreadth = median([...raw].filter(([uid, r]) => owned.has(uid) && r.volume.some((v) => v > 0)).map(([, r]) => r.products));
  const medians = new Map([...conversions].map(([key, list]) => [key, median(list)]));
  return [...raw].map(([uid, r]) => ({ uid, score: scoreHealth(toHealthInputs(r, now, medians.get(String(band.get(uid))) ?? null, teamBreadth), settings) }));
}

export interface RecomputeResult {
  week: string | null;
  affiliates: number;
  bands: Record<Band, number>;
  alerts: number;
  durationMs: number;
}

/**
 * Scores every affiliate for the newest week with data, writes the week's snapshots, and raises
 * the early-warning alerts (with a risk task for the owner) at most once per affiliate, rule and
 * 4 weeks — so a re-import or a second recompute raises nothing new.
 */
export function recomputeHealth(database: AppDatabase, opts: { now?: number; week?: string; settings?: HealthSettings } = {}): RecomputeResult {
  const started = Date.now();
  const now = opts.now ?? Date.now();
  const week = opts.week ?? latestImportedWeek(database);
  const bands: Record<Band, number> = { healthy: 0, watch: 0, at_risk: 0 };
  if (!week) return { week: null, affiliates: 0, bands, alerts: 0, durationMs: 0 };
  const settings = opts.settings ?? getHealthSettings(database);
  const scores = computeHealth(database, week, now, settings);
  writeHealthSnapshots(database, week, scores, now);
  for (const s of scores) if (s.score.band) bands[s.score.band]++;
  const alerts = raiseAlerts(database, week, scores, settings, now);
  return { week, affiliates: scores.length, bands, alerts, durationMs: Date.now() - started };
}

function raiseAlerts(database: AppDatabase, week: string, scores: { uid: string; score: HealthScore }[], settings: HealthSettings, now: number): number {
  const { sqlite } = database;
  const weeks = [addWeeks(week, -4), addWeeks(week, -3), addWeeks(week, -2), addWeeks(week, -1)];
  const past = weeks.map((w) => snapshotsOfWeek(database, w));
  const traded = new Map<string, number[]>();
  for (const r of sqlite.prepare("SELECT affiliate_uid AS uid, week_start AS week, traded FROM rollup_affiliate_week WHERE week_start BETWEEN ? AND ?").all(addWeeks(week, -5), week) as { uid: string; week: string; traded: number }[]) {
    if (!traded.has(r.uid)) traded.set(r.uid, new Array(6).fill(0));
    traded.get(r.uid)![Math.round((Date.parse(r.week) - Date.parse(addWeeks(week, -5))) / (7 * 86_400_000))] = r.traded;
  }
  const current = kpisByAffiliate(database, addWeeks(week, -3), week);
  const previous = kpisByAffiliate(database, addWeeks(week, -7), addWeeks(week, -4));
  const owners = new Map((sqlite.prepare("SELECT uid, manager_id AS managerId, name FROM affiliates").all() as { uid: string; managerId: number | null; name: string }[]).map((a) => [a.uid, a]));
  const recent = sqlite.prepare("SELECT 1 FROM health_alerts WHERE affiliate_uid = ? AND rule = ? AND week_start > ? LIMIT 1");
  const insert = sqlite.prepare("INSERT INTO health_alerts (affiliate_uid, rule, week_start, reason, task_id, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  let raised = 0;
  for (const { uid, score } of scores) {
    const history = [
      ...weeks.map((w, i) => ({ week: w, score: past[i].get(uid)?.score ?? null, band: past[i].get(uid)?.band ?? null })).filter((h) => h.score !== null),
      { week, score: score.score, band: score.band },
    ];
    const adopters = Object.fromEntries(
      PRODUCT_KEYS.map((p) => [p.product, { previous: previous.get(uid)?.[p.adopters] ?? 0, current: current.get(uid)?.[p.adopters] ?? 0 }]),
    );
    for (const alert of evaluateAlerts(history, traded.get(uid) ?? [], adopters, settings)) {
      if (recent.get(uid, alert.rule, addWeeks(week, -4))) continue;
      const owner = owners.get(uid);
      const task = owner?.managerId
        ? createTask(
            database,
            {
              affiliateUid: uid,
              title: `Health: ${alert.reason}`,
              kind: "risk",
              dueDate: isoDate(addDays(new Date(now), 7)),
              priority: "high",
              assigneeId: owner.managerId,
              status: "open",
              ruleKey: alert.rule,
            },
            null,
            now,
          )
        : null;
      insert.run(uid, alert.rule, week, alert.reason, task?.id ?? null, now);
      raised++;
    }
  }
  return raised;
}
