import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { healthSnapshots, settings } from "../../db/schema";
import { DEFAULT_HEALTH_SETTINGS, type Band, type HealthInputs, type HealthScore, type HealthSettings, type Severity } from "../domain/health";
import { addWeeks, weeksBetween } from "../domain/weeks";
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

/**
 * Every affiliate's health inputs for the week `week`, read from the rollups in a few set-based
 * queries: 12 weeks of volume and traded invitees, the 12 weeks' referrals and first trades, the
 * products adopted in the last 4 weeks, the last engagement, the open incidents.
 * `peerMedian` and `teamMedian` are filled by the caller (they need all affiliates).
 */
export function healthRawInputs({ sqlite }: AppDatabase, week: string, now: number) {
  const weeks = weeksBetween(addWeeks(week, -11), week);
  const index = new Map(weeks.map((w, i) => [w, i]));
  const out = new Map<string, { volume: number[]; traded: number[]; firstWeek: number; referrals: number; firstTrades: number; products: number; lastEngagement: number | null; incidents: Partial<Record<Severity, number>> }>();
  const get = (uid: string) => {
    let r = out.get(uid);
    if (!r) out.set(uid, (r = { volume: new Array(12).fill(0), traded: new Array(12).fill(0), firstWeek: 12, referrals: 0, firstTrades: 0, products: 0, lastEngagement: null, incidents: {} }));
    return r;
  };
  for (const a of sqlite.prepare("SELECT uid FROM affiliates").all() as { uid: string }[]) get(a.uid);
  for (const r of sqlite
    .prepare(
      `SELECT affiliate_uid AS uid, week_start AS week, spot_volume + futures_volume + options_volume AS volume, traded
       FROM rollup_affiliate_week WHERE week_start BETWEEN ? AND ?`,
    )
    .all(weeks[0], week) as { uid: string; week: string; volume: number; traded: number }[]) {
    const i = index.get(r.week)!;
    const x = get(r.uid);
    x.volume[i] = r.volume;
    x.traded[i] = r.traded;
  }
  // Where each affiliate's data begins (its earliest week with a row, ever), so young ones compare against what they have.
  for (const r of sqlite.prepare("SELECT affiliate_uid AS uid, min(week_start) AS first FROM rollup_affiliate_week GROUP BY affiliate_uid").all() as { uid: string; first: string }[]) {
    get(r.uid).firstWeek = r.first <= weeks[0] ? 0 : (index.get(r.first) ?? 12);
  }
  // Funnel conversion over the 12 weeks, from the funnel rollup: first trades ÷ referrals, each counted in its own week.
  for (const r of sqlite
    .prepare("SELECT affiliate_uid AS uid, sum(referrals) AS referrals, sum(first_trades) AS firstTrades FROM rollup_funnel_week WHERE week_start BETWEEN ? AND ? GROUP BY affiliate_uid")
    .all(weeks[0], week) as { uid: string; referrals: number; firstTrades: number }[]) {
    Object.assign(get(r.uid), { referrals: r.referrals, firstTrades: r.firstTrades });
  }
  for (const r of sqlite
    .prepare(
      `SELECT affiliate_uid AS uid, (max(futures_adopters) > 0) + (max(earn_adopters) > 0) + (max(options_adopters) > 0)
         + (max(web3_wallet_adopters) > 0) + (max(fiat_adopters) > 0) AS products
       FROM rollup_affiliate_week WHERE week_start BETWEEN ? AND ? GROUP BY affiliate_uid`,
    )
    .all(addWeeks(week, -3), week) as { uid: string; products: number }[]) {
    get(r.uid).products = r.products;
  }
  for (const r of sqlite.prepare("SELECT affiliate_uid AS uid, max(occurred_at) AS at FROM notes WHERE deleted_at IS NULL AND occurred_at <= ? GROUP BY affiliate_uid").all(now) as { uid: string; at: number }[]) {
    get(r.uid).lastEngagement = r.at;
  }
  for (const r of sqlite
    .prepare(
      `SELECT x.affiliate_uid AS uid, i.severity AS severity, count(*) AS n FROM incident_affiliates x JOIN incidents i ON i.id = x.incident_id
       WHERE i.status NOT IN ('resolved', 'closed') GROUP BY x.affiliate_uid, i.severity`,
    )
    .all() as { uid: string; severity: Severity; n: number }[]) {
    get(r.uid).incidents[r.severity] = r.n;
  }
  return out;
}

export function toHealthInputs(raw: ReturnType<typeof healthRawInputs> extends Map<string, infer V> ? V : never, now: number, peerMedian: number | null, teamMedian: number | null): HealthInputs {
  return {
    volumeByWeek: raw.volume.slice(raw.firstWeek),
    tradedByWeek: raw.traded.slice(raw.firstWeek),
    funnel: { referrals: raw.referrals, firstTrades: raw.firstTrades, peerMedian },
    breadth: { products: raw.products, teamMedian },
    daysSinceEngagement: raw.lastEngagement == null ? null : Math.max(0, Math.floor((now - raw.lastEngagement) / 86_400_000)),
    openIncidents: raw.incidents,
  };
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
    for (const { uid, score } of scores) up.run(uid, week, score.score, score.band, JSON.stringify({ measures: score.measures, missing: score.missing, note: score.note ?? null }), computedAt);
    version.run(JSON.stringify(computedAt), computedAt);
  })();
}

/** Each affiliate's snapshot of a week (score and band). */
export function snapshotsOfWeek({ sqlite }: AppDatabase, week: string): Map<string, { score: number | null; band: Band | null }> {
  const rows = sqlite.prepare("SELECT affiliate_uid AS uid, score, band FROM health_snapshots WHERE week_start = ?").all(week) as { uid: string; score: number | null; band: Band | null }[];
  return new Map(rows.map((r) => [r.uid, { score: r.score, band: r.band }]));
}

/** One affiliate's snapshots, oldest first. */
export function healthHistory({ db }: AppDatabase, uid: string) {
  return db
    .select({ week: healthSnapshots.weekStart, score: healthSnapshots.score, band: healthSnapshots.band, measures: healthSnapshots.measures })
    .from(healthSnapshots)
    .where(eq(healthSnapshots.affiliateUid, uid))
    .orderBy(healthSnapshots.weekStart)
    .all();
}

/** The newest week with snapshots on or before `week` (null when none). */
export function snapshotWeekAtOrBefore({ sqlite }: AppDatabase, week: string): string | null {
  const r = sqlite.prepare("SELECT max(week_start) AS w FROM health_snapshots WHERE week_start <= ?").get(week) as { w: string | null };
  return r.w;
}

/** The override in force for an affiliate (one not cleared and not yet expired), if any. */
export function activeOverride({ sqlite }: AppDatabase, uid: string, now = Date.now()) {
  return sqlite
    .prepare(
      `SELECT o.id, o.band, o.reason, o.expires_at AS expiresAt, o.created_at AS createdAt, u.name AS byName
       FROM health_overrides o LEFT JOIN users u ON u.id = o.created_by
       WHERE o.affiliate_uid = ? AND o.cleared_at IS NULL AND o.expires_at > ? ORDER BY o.created_at DESC LIMIT 1`,
    )
    .get(uid, now) as { id: number; band: Band; reason: string; expiresAt: number; createdAt: number; byName: string | null } | undefined;
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
  return sqlite
    .prepare("SELECT id, rule, week_start AS week, reason, task_id AS taskId, created_at AS createdAt FROM health_alerts WHERE affiliate_uid = ? ORDER BY created_at DESC, id DESC LIMIT 20")
    .all(uid) as { id: number; rule: string; week: string; reason: string; taskId: number | null; createdAt: number }[];
}

/** Every override in force, by affiliate. */
export function activeOverrides({ sqlite }: AppDatabase, now = Date.now()): Map<string, Band> {
  const rows = sqlite
    .prepare("SELECT affiliate_uid AS uid, band FROM health_overrides WHERE cleared_at IS NULL AND expires_at > ? ORDER BY created_at")
    .all(now) as { uid: string; band: Band }[];
  return new Map(rows.map((r) => [r.uid, r.band]));
}
