import type { AppDatabase } from "../../db";
import { median } from "../domain/affiliate-360";
import {
  decodeMeasures,
  engagementMeasure,
  evaluateAlerts,
  incidentsMeasure,
  MIN_FUNNEL_REFERRALS,
  rescoreMeasures,
  scoreHealth,
  type Band,
  type HealthScore,
  type HealthSettings,
} from "../domain/health";
import { PRODUCT_KEYS } from "../domain/kpis";
import { calendarDate, maturity, tenureMonths } from "../domain/tenure";
import { addWeeks, isoDate, weekIndex } from "../domain/weeks";
import { addDays } from "date-fns";
import { isStale } from "../domain/health-view";
import {
  activityByWeek,
  alertRaisedAfter,
  engagementTimes,
  firstDataWeeks,
  funnelByWeek,
  getHealthSettings,
  healthRoster,
  newestSnapshotsOf,
  openIncidentsBySeverity,
  recordAlert,
  scoredWeeksBefore,
  snapshotsOfWeek,
  writeHealthSnapshots,
} from "../models/health.server";
import { latestImportedWeek } from "../models/imports.server";
import { lastEngagementOf } from "../models/notes.server";
import { distinctByAffiliate } from "../models/kpis.server";
import { createTask } from "../models/tasks.server";

/** Every affiliate's score for a week as of `now`, with the settings given (nothing written). */
export function computeHealth(database: AppDatabase, week: string, now: number, settings: HealthSettings): { uid: string; score: HealthScore }[] {
  for (const [, scores] of computeHealthHistory(database, [week], settings, now)) return scores;
  return [];
}

/**
 * Between imports only two measures can move: engagement recency (a note logged, edited or
 * deleted) and open incidents (an incident opened, resolved, reopened or re-scoped). This
 * rescores those two, as of `now`, in the newest snapshot of each affiliate given — the other
 * measures as they were scored — one row each instead of a recompute of every affiliate.
 * Returns how many snapshots it rewrote (affiliates without one in the newest week are left).
 */
export function refreshWorkMeasures(database: AppDatabase, uids: readonly string[], now = Date.now()): number {
  const { week, rows } = newestSnapshotsOf(database, [...new Set(uids)]);
  if (!week || rows.length === 0) return 0;
  const settings = getHealthSettings(database);
  const incidents = openIncidentsBySeverity(database);
  const scores = rows.map(({ uid, score, stored }) => {
    const last = lastEngagementOf(database, uid, now);
    const days = last == null ? null : Math.max(0, Math.floor((now - last) / 86_400_000));
    const measures = decodeMeasures(stored, score)?.measures ?? [];
    return { uid, score: rescoreMeasures(measures, { engagement: engagementMeasure(days), incidents: incidentsMeasure(incidents.get(uid) ?? {}) }, settings) };
  });
  writeHealthSnapshots(database, week, scores, now);
  return scores.length;
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
export function recomputeHealth(database: AppDatabase, opts: { now?: number; week?: string; settings?: HealthSettings; history?: boolean } = {}): RecomputeResult {
  const started = Date.now();
  const now = opts.now ?? Date.now();
  const week = opts.week ?? latestImportedWeek(database);
  const bands: Record<Band, number> = { healthy: 0, watch: 0, at_risk: 0 };
  if (!week) return { week: null, affiliates: 0, bands, alerts: 0, durationMs: 0 };
  const settings = opts.settings ?? getHealthSettings(database);
  if (opts.history) {
    // Every earlier week with scores is scored again under these settings (the newest just below).
    for (const [w, s] of computeHealthHistory(database, scoredWeeksBefore(database, week), settings)) writeHealthSnapshots(database, w, s, now);
  }
  const scores = computeHealth(database, week, now, settings);
  writeHealthSnapshots(database, week, scores, now);
  for (const s of scores) if (s.score.band) bands[s.score.band]++;
  // Early warnings are for current data: a backfill of old weeks (a stale newest week) raises none.
  const alerts = isStale(week, isoDate(new Date(now))) ? 0 : raiseAlerts(database, week, scores, settings, now);
  return { week, affiliates: scores.length, bands, alerts, durationMs: Date.now() - started };
}

function raiseAlerts(database: AppDatabase, week: string, scores: { uid: string; score: HealthScore }[], settings: HealthSettings, now: number): number {
  const weeks = [addWeeks(week, -4), addWeeks(week, -3), addWeeks(week, -2), addWeeks(week, -1)];
  const past = weeks.map((w) => snapshotsOfWeek(database, w));
  const traded = new Map<string, number[]>();
  const first = addWeeks(week, -5);
  const firstIndex = weekIndex(first);
  for (const r of activityByWeek(database, first, week)) {
    if (!traded.has(r.uid)) traded.set(r.uid, new Array(6).fill(0));
    traded.get(r.uid)![weekIndex(r.week) - firstIndex] = r.traded;
  }
  // Only the adopters of the two periods are compared: the distinct counts, not the sums.
  const current = distinctByAffiliate(database, addWeeks(week, -3), week);
  const previous = distinctByAffiliate(database, addWeeks(week, -7), addWeeks(week, -4));
  const owners = new Map(healthRoster(database).map((a) => [a.uid, a.managerId]));
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
      if (alertRaisedAfter(database, uid, alert.rule, weeks[0])) continue;
      const owner = owners.get(uid);
      const task = owner
        ? createTask(
            database,
            {
              affiliateUid: uid,
              title: `Health: ${alert.reason}`,
              kind: "risk",
              dueDate: isoDate(addDays(new Date(now), 7)),
              priority: "high",
              assigneeId: owner,
              status: "open",
              ruleKey: alert.rule,
            },
            null,
            now,
          )
        : null;
      recordAlert(database, { uid, rule: alert.rule, week, reason: alert.reason, taskId: task?.id ?? null }, now);
      raised++;
    }
  }
  return raised;
}

/**
 * Every affiliate's score for each of `weeks` (ascending), reading the rollups once and sliding
 * the 12-week window over them. A week is scored as of its last day (engagement recency counts
 * to then), or as of `asOf` when given (the newest week, scored now). Yields one week at a time,
 * so a caller that writes each week as it comes holds one week's scores, not the history's.
 */
export function* computeHealthHistory(
  database: AppDatabase,
  weeks: string[],
  settings: HealthSettings,
  asOf?: number,
): Generator<[string, { uid: string; score: HealthScore }[]]> {
  if (weeks.length === 0) return;
  const first = addWeeks(weeks[0], -11);
  const last = weeks[weeks.length - 1];
  const span = Math.round((Date.parse(last) - Date.parse(first)) / (7 * 86_400_000)) + 1;
  const at = (w: string) => Math.round((Date.parse(w) - Date.parse(first)) / (7 * 86_400_000));
  const roster = healthRoster(database);
  type Series = { volume: Float64Array; traded: Float64Array; products: Uint8Array; referrals: Float64Array; firstTrades: Float64Array; firstWeek: number; notes: number[] };
  const series = new Map<string, Series>();
  const get = (uid: string) => {
    let s = series.get(uid);
    if (!s) series.set(uid, (s = { volume: new Float64Array(span), traded: new Float64Array(span), products: new Uint8Array(span), referrals: new Float64Array(span), firstTrades: new Float64Array(span), firstWeek: span, notes: [] }));
    return s;
  };
  for (const a of roster) get(a.uid);
  for (const r of activityByWeek(database, first, last)) {
    const s = get(r.uid);
    const i = at(r.week);
    s.volume[i] = r.volume;
    s.traded[i] = r.traded;
    s.products[i] = r.products;
  }
  for (const r of firstDataWeeks(database)) {
    get(r.uid).firstWeek = r.w <= first ? 0 : Math.min(span, at(r.w));
  }
  for (const r of funnelByWeek(database, first, last)) {
    const s = get(r.uid);
    s.referrals[at(r.week)] = r.referrals;
    s.firstTrades[at(r.week)] = r.firstTrades;
  }
  for (const r of engagementTimes(database)) get(r.uid).notes.push(r.at);
  const incidents = openIncidentsBySeverity(database);
  const owned = new Set(roster.filter((a) => a.managerId != null).map((a) => a.uid));
  const sum = (a: Float64Array, from: number, to: number) => {
    let n = 0;
    for (let i = from; i <= to; i++) n += a[i];
    return n;
  };
  for (const week of weeks) {
    const k = at(week);
    const lo = k - 11;
    const end = isoDate(addDays(calendarDate(week), 6));
    const now = asOf ?? Date.parse(`${end}T23:59:59Z`);
    const n = roster.length;
    const bands: string[] = new Array(n);
    const referralsOf = new Float64Array(n);
    const firstTradesOf = new Float64Array(n);
    const breadth = new Uint8Array(n);
    const conversions = new Map<string, number[]>();
    const active: number[] = [];
    for (let j = 0; j < n; j++) {
      const a = roster[j];
      const s = series.get(a.uid)!;
      const band = String(maturity(tenureMonths(a.joinedAt, end)));
      bands[j] = band;
      const referrals = sum(s.referrals, lo, k);
      referralsOf[j] = referrals;
      firstTradesOf[j] = sum(s.firstTrades, lo, k);
      if (referrals >= MIN_FUNNEL_REFERRALS) {
        let list = conversions.get(band);
        if (!list) conversions.set(band, (list = []));
        list.push(firstTradesOf[j] / referrals);
      }
      let mask = 0;
      for (let i = k - 3; i <= k; i++) mask |= s.products[i];
      let products = 0;
      for (let b = 0; b < 5; b++) if (mask & (1 << b)) products++;
      breadth[j] = products;
      if (owned.has(a.uid) && sum(s.volume, lo, k) > 0) active.push(products);
    }
    const medians = new Map([...conversions].map(([b, list]) => [b, median(list)]));
    const teamBreadth = median(active);
    const scores: { uid: string; score: HealthScore }[] = new Array(n);
    for (let j = 0; j < n; j++) {
      const a = roster[j];
      const s = series.get(a.uid)!;
      const from = Math.max(lo, s.firstWeek);
      let lastNote: number | null = null;
      for (let i = s.notes.length - 1; i >= 0; i--) if (s.notes[i] <= now) {
        lastNote = s.notes[i];
        break;
      }
      const inputs = {
        volumeByWeek: from > k ? [] : Array.from(s.volume.subarray(from, k + 1)),
        tradedByWeek: from > k ? [] : Array.from(s.traded.subarray(from, k + 1)),
        funnel: { referrals: referralsOf[j], firstTrades: firstTradesOf[j], peerMedian: medians.get(bands[j]) ?? null },
        breadth: { products: breadth[j], teamMedian: teamBreadth },
        daysSinceEngagement: lastNote == null ? null : Math.max(0, Math.floor((now - lastNote) / 86_400_000)),
        openIncidents: incidents.get(a.uid) ?? {},
      };
      scores[j] = { uid: a.uid, score: scoreHealth(inputs, settings) };
    }
    yield [week, scores];
  }
}
