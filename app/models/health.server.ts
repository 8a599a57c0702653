import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { prepared } from "./statements.server";
import { settings } from "../../db/schema";
import { DEFAULT_HEALTH_SETTINGS, encodeMeasures, type Band, type HealthScore, type HealthSettings, type Severity } from "../domain/health";
import { recordAudit } from "./audit.server";

const SETTINGS_KEY = "health";

export function getHealthSettings({ db }: AppDatabase): HealthSettings {
  const row = db.select().from(settings).where(eq(settings.key, SETTINGS_KEY)).get();
  const stored = (row?.value ?? {}) as Partial<HealthSettings>;
  return {
    ...DEFAULT_HEALTH_SETTINGS,
    ...stored,
    weights: { ...DEFAULT_HEALTH_SETTINGS.weights, ...stored.weights },
    alerts: { ...DEFAULT_HEALTH_SETTINGS.alerts, ...stored.alerts },
  };
}

export function saveHealthSettings(database: AppDatabase, next: HealthSettings, actorId: number) {
  const before = getHealthSettings(database);
  const now = Date.now();
  database.db
    .insert(settings)
    .values({ key: SETTINGS_KEY, value: next, updatedAt: now, updatedBy: actorId })
    .onConflictDoUpdate({ target: settings.key, set: { value: next, updatedAt: now, updatedBy: actorId } })
    .run();
  recordAudit(database, { userId: actorId, action: "health.settings", entityType: "settings", entityId: SETTINGS_KEY, before, after: next, at: now });
}

/** Writes (replaces) the snapshots of a week. */
export function writeHealthSnapshots(database: AppDatabase, week: string, scores: { uid: string; score: HealthScore }[], computedAt: number) {
  const { sqlite } = database;
  const up = sqlite.prepare(
    `INSERT INTO health_snapshots (affiliate_uid, week_start, score, band, measures, computed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (affiliate_uid, week_start) DO UPDATE SET score = excluded.score, band = excluded.band, measures = excluded.measures, computed_at = excluded.computed_at`,
  );
  // The settings row `health_version` moves with every write, so that pages caching scores notice.
  const version = sqlite.prepare(
    "INSERT INTO settings (key, value, updated_at) VALUES ('health_version', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = max(settings.updated_at + 1, excluded.updated_at)",
  );
  sqlite.transaction(() => {
    for (const { uid, score } of scores) up.run(uid, week, score.score, score.band, encodeMeasures(score), computedAt);
    version.run(JSON.stringify(computedAt), computedAt);
  })();
}

/** Each affiliate's snapshot of a week (score and band). */
export function snapshotsOfWeek({ sqlite }: AppDatabase, week: string): Map<string, { score: number | null; band: Band | null }> {
  const rows = sqlite.prepare("SELECT affiliate_uid AS uid, score, band FROM health_snapshots WHERE week_start = ?").all(week) as { uid: string; score: number | null; band: Band | null }[];
  return new Map(rows.map((r) => [r.uid, { score: r.score, band: r.band }]));
}

/** One affiliate's snapshots, oldest first, with the measures as stored (decodeMeasures reads them). */
export function healthHistory({ sqlite }: AppDatabase, uid: string) {
  return prepared(sqlite, "SELECT week_start AS week, score, band, measures AS stored FROM health_snapshots WHERE affiliate_uid = ? ORDER BY week_start")
    .all(uid) as { week: string; score: number | null; band: Band | null; stored: string | null }[];
}

/** The newest week with snapshots on or before `week` (null when none). */
export function snapshotWeekAtOrBefore({ sqlite }: AppDatabase, week: string): string | null {
  const r = sqlite.prepare("SELECT max(week_start) AS w FROM health_snapshots WHERE week_start <= ?").get(week) as { w: string | null };
  return r.w;
}

/** The override in force for an affiliate (one not cleared and not yet expired), if any. */
export function activeOverride({ sqlite }: AppDatabase, uid: string, now = Date.now()) {
  return prepared(
    sqlite,
    `SELECT o.id, o.band, o.reason, o.expires_at AS expiresAt, o.created_at AS createdAt, u.name AS byName
       FROM health_overrides o LEFT JOIN users u ON u.id = o.created_by
       WHERE o.affiliate_uid = ? AND o.cleared_at IS NULL AND o.expires_at > ? ORDER BY o.created_at DESC LIMIT 1`,
  ).get(uid, now) as { id: number; band: Band; reason: string; expiresAt: number; createdAt: number; byName: string | null } | undefined;
}

/** Sets a temporary band (replacing one in force); audited. */
export function setOverride(database: AppDatabase, uid: string, input: { band: Band; reason: string; expiresAt: number }, actorId: number, now = Date.now()) {
  database.sqlite.transaction(() => {
    const before = activeOverride(database, uid, now);
    if (before) database.sqlite.prepare("UPDATE health_overrides SET cleared_at = ? WHERE id = ?").run(now, before.id);
    database.sqlite
      .prepare("INSERT INTO health_overrides (affiliate_uid, band, reason, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(uid, input.band, input.reason, input.expiresAt, actorId, now);
    recordAudit(database, { userId: actorId, action: "health.override", entityType: "affiliate", entityId: uid, before: before ?? null, after: input, at: now });
  })();
}

export function clearOverride(database: AppDatabase, uid: string, actorId: number, now = Date.now()) {
  database.sqlite.transaction(() => {
    const before = activeOverride(database, uid, now);
    if (!before) return;
    database.sqlite.prepare("UPDATE health_overrides SET cleared_at = ? WHERE id = ?").run(now, before.id);
    recordAudit(database, { userId: actorId, action: "health.override_cleared", entityType: "affiliate", entityId: uid, before, after: null, at: now });
  })();
}

/** The early-warning alerts raised on an affiliate, newest first. */
export function alertsOf({ sqlite }: AppDatabase, uid: string) {
  return prepared(sqlite, "SELECT id, rule, week_start AS week, reason, task_id AS taskId, created_at AS createdAt FROM health_alerts WHERE affiliate_uid = ? ORDER BY created_at DESC, id DESC LIMIT 20")
    .all(uid) as { id: number; rule: string; week: string; reason: string; taskId: number | null; createdAt: number }[];
}

/** Every override in force, by affiliate. */
export function activeOverrides({ sqlite }: AppDatabase, now = Date.now()): Map<string, Band> {
  const rows = sqlite
    .prepare("SELECT affiliate_uid AS uid, band FROM health_overrides WHERE cleared_at IS NULL AND expires_at > ? ORDER BY created_at")
    .all(now) as { uid: string; band: Band }[];
  return new Map(rows.map((r) => [r.uid, r.band]));
}

// ---- What the scores are computed from (services/health.server.ts scores them) -----------------

/** The weeks before `week` that have snapshots, oldest first. */
export function scoredWeeksBefore({ sqlite }: AppDatabase, week: string): string[] {
  return (sqlite.prepare("SELECT DISTINCT week_start AS w FROM health_snapshots WHERE week_start < ? ORDER BY 1").all(week) as { w: string }[]).map((r) => r.w);
}

/** Every affiliate: its join date (for the tenure) and its owner. */
export function healthRoster({ sqlite }: AppDatabase) {
  return sqlite.prepare("SELECT uid, joined_at AS joinedAt, manager_id AS managerId FROM affiliates").all() as { uid: string; joinedAt: string | null; managerId: number | null }[];
}

/**
 * Each affiliate's weeks in [from, to]: total volume (cents), traded invitees, and the products
 * with adopters as a bit mask (futures 1, earn 2, options 4, web3 wallet 8, fiat 16).
 */
export function activityByWeek({ sqlite }: AppDatabase, from: string, to: string) {
  return sqlite
    .prepare(
      `SELECT affiliate_uid AS uid, week_start AS week, spot_volume + futures_volume + options_volume AS volume, traded,
         (futures_adopters > 0) | ((earn_adopters > 0) << 1) | ((options_adopters > 0) << 2) | ((web3_wallet_adopters > 0) << 3) | ((fiat_adopters > 0) << 4) AS products
       FROM rollup_affiliate_week WHERE week_start BETWEEN ? AND ?`,
    )
    .all(from, to) as { uid: string; week: string; volume: number; traded: number; products: number }[];
}

/** Each affiliate's first week with data. */
export function firstDataWeeks({ sqlite }: AppDatabase) {
  return sqlite.prepare("SELECT affiliate_uid AS uid, min(week_start) AS w FROM rollup_affiliate_week GROUP BY affiliate_uid").all() as { uid: string; w: string }[];
}

/** Each affiliate's funnel per week in [from, to]: referrals and first trades. */
export function funnelByWeek({ sqlite }: AppDatabase, from: string, to: string) {
  return sqlite
    .prepare("SELECT affiliate_uid AS uid, week_start AS week, sum(referrals) AS referrals, sum(first_trades) AS firstTrades FROM rollup_funnel_week WHERE week_start BETWEEN ? AND ? GROUP BY 1, 2")
    .all(from, to) as { uid: string; week: string; referrals: number; firstTrades: number }[];
}

/** When each live note happened (the engagements), oldest first. */
export function engagementTimes({ sqlite }: AppDatabase) {
  return sqlite.prepare("SELECT affiliate_uid AS uid, occurred_at AS at FROM notes WHERE deleted_at IS NULL ORDER BY occurred_at").all() as { uid: string; at: number }[];
}

/** The open incidents (not resolved or closed) touching each affiliate, by severity. */
export function openIncidentsBySeverity({ sqlite }: AppDatabase): Map<string, Partial<Record<Severity, number>>> {
  const out = new Map<string, Partial<Record<Severity, number>>>();
  for (const r of sqlite
    .prepare(
      `SELECT x.affiliate_uid AS uid, i.severity AS severity, count(*) AS n FROM incident_affiliates x JOIN incidents i ON i.id = x.incident_id
       WHERE i.status NOT IN ('resolved', 'closed') GROUP BY 1, 2`,
    )
    .all() as { uid: string; severity: Severity; n: number }[]) {
    if (!out.has(r.uid)) out.set(r.uid, {});
    out.get(r.uid)![r.severity] = r.n;
  }
  return out;
}

/** Health scores of weeks that no longer have rollups (after a rollback) go. */
export function dropHealthSnapshotsWithoutData({ sqlite }: AppDatabase) {
  sqlite.exec("DELETE FROM health_snapshots WHERE week_start NOT IN (SELECT DISTINCT week_start FROM rollup_affiliate_week)");
}

/** The newest scored week, and the snapshots of `uids` in it with their measures as stored. */
export function newestSnapshotsOf({ sqlite }: AppDatabase, uids: readonly string[]) {
  const week = (sqlite.prepare("SELECT max(week_start) AS w FROM health_snapshots").get() as { w: string | null }).w;
  if (!week || uids.length === 0) return { week, rows: [] };
  const rows = sqlite
    .prepare(`SELECT affiliate_uid AS uid, score, measures AS stored FROM health_snapshots WHERE week_start = ? AND affiliate_uid IN (${uids.map(() => "?").join(", ")})`)
    .all(week, ...uids) as { uid: string; score: number | null; stored: string | null }[];
  return { week, rows };
}

/** Whether an alert of `rule` was raised on the affiliate for a week after `after`. */
export function alertRaisedAfter({ sqlite }: AppDatabase, uid: string, rule: string, after: string): boolean {
  return !!prepared(sqlite, "SELECT 1 FROM health_alerts WHERE affiliate_uid = ? AND rule = ? AND week_start > ? LIMIT 1").get(uid, rule, after);
}

export function recordAlert({ sqlite }: AppDatabase, alert: { uid: string; rule: string; week: string; reason: string; taskId: number | null }, now: number) {
  prepared(sqlite, "INSERT INTO health_alerts (affiliate_uid, rule, week_start, reason, task_id, created_at) VALUES (?, ?, ?, ?, ?, ?)").run(alert.uid, alert.rule, alert.week, alert.reason, alert.taskId, now);
}
