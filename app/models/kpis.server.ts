import type { Statement } from "better-sqlite3";
import type { AppDatabase } from "../../db";
import { EMPTY_KPIS, type Kpis } from "../domain/kpis";
import { periodMasks } from "../domain/weeks";
import { prepared } from "./statements.server";

/**
 * Period KPIs per affiliate, read from the rollups only: sums and funnel counts from the weekly
 * rollups, distinct invitee counts (traded, active, product adopters) from the per-invitee week
 * masks. `affiliateUids` limits the answer (all affiliates with data otherwise).
 */
export function kpisByAffiliate({ sqlite }: AppDatabase, from: string, to: string, affiliateUids?: readonly string[]): Map<string, Kpis> {
  const out = new Map<string, Kpis>();
  const get = (uid: string) => {
    let k = out.get(uid);
    if (!k) {
      k = { ...EMPTY_KPIS };
      out.set(uid, k);
    }
    return k;
  };
  /** Limits rows to the affiliates asked for (their uid in `column`); nothing when all are asked for. */
  let filterOn = (_column: string) => "";
  if (affiliateUids) {
    if (affiliateUids.length === 0) return out;
    sqlite.exec("CREATE TEMP TABLE IF NOT EXISTS _kpi_affiliates (uid TEXT PRIMARY KEY)");
    sqlite.exec("DELETE FROM _kpi_affiliates");
    const ins = sqlite.prepare("INSERT OR IGNORE INTO _kpi_affiliates VALUES (?)");
    sqlite.transaction(() => affiliateUids.forEach((u) => ins.run(u)))();
    filterOn = (column) => `AND ${column} IN (SELECT uid FROM _kpi_affiliates)`;
  }
  const filter = filterOn("affiliate_uid");

  const sums = sqlite
    .prepare(
      `SELECT affiliate_uid AS uid, sum(spot_volume) AS spotVolume, sum(futures_volume) AS futuresVolume,
         sum(options_volume) AS optionsVolume, sum(fiat_volume) AS fiatVolume, sum(spot_commission) AS spotCommission,
         sum(futures_commission) AS futuresCommission, sum(fees) AS fees
       FROM rollup_affiliate_week WHERE week_start BETWEEN ? AND ? ${filter} GROUP BY affiliate_uid`,
    )
    .all(from, to) as ({ uid: string } & Partial<Kpis>)[];
  for (const { uid, ...s } of sums) Object.assign(get(uid), s);

  const funnel = sqlite
    .prepare(
      `SELECT affiliate_uid AS uid, sum(referrals) AS referrals, sum(verified) AS verified, sum(deposited) AS deposited,
         sum(first_trades) AS firstTrades
       FROM rollup_funnel_week WHERE week_start BETWEEN ? AND ? ${filter} GROUP BY affiliate_uid`,
    )
    .all(from, to) as ({ uid: string } & Partial<Kpis>)[];
  for (const { uid, ...f } of funnel) Object.assign(get(uid), f);

  for (const { uid, ...d } of distinctCounts(sqlite, from, to, filterOn)) Object.assign(get(uid), d);
  return out;
}

/**
 * A period's week masks as SQL over rollup_invitee_flags: `hit(column)` is true for a row whose
 * flags in `column` hold a week of the period, `blocks` lists the blocks to read, `args` binds
 * them (@b0, @m0, …). `table` qualifies the columns (an alias such as "f").
 */
export function periodMaskSql(from: string, to: string, table?: string) {
  const masks = [...periodMasks(from, to)];
  const t = table ? `${table}.` : "";
  const args: Record<string, number> = {};
  masks.forEach(([b, m], i) => {
    args[`b${i}`] = b;
    args[`m${i}`] = m;
  });
  return {
    args,
    blocks: masks.map((_, i) => `@b${i}`).join(", "),
    hit: (column: string) => `(${masks.map((_, i) => `(${t}block = @b${i} AND (${t}${column} & @m${i}) != 0)`).join(" OR ")})`,
  };
}

const FLAGS = [
  ["traded", "traded"],
  ["active", "active"],
  ["futures", "futuresAdopters"],
  ["earn", "earnAdopters"],
  ["options", "optionsAdopters"],
  ["web3_wallet", "web3WalletAdopters"],
  ["fiat", "fiatAdopters"],
] as const;

type Distinct = { uid: string } & Pick<Kpis, "traded" | "active" | "futuresAdopters" | "earnAdopters" | "optionsAdopters" | "web3WalletAdopters" | "fiatAdopters">;

/**
 * Only the distinct invitee counts of kpisByAffiliate (traded, active, product adopters), per
 * affiliate with any week mask in the blocks of the period: for a caller that needs nothing else
 * (the health alerts compare adopters), without the sums and the funnel.
 */
export function distinctByAffiliate({ sqlite }: AppDatabase, from: string, to: string): Map<string, Omit<Distinct, "uid">> {
  const out = new Map<string, Omit<Distinct, "uid">>();
  for (const { uid, ...d } of distinctCounts(sqlite, from, to, () => "")) out.set(uid, d);
  return out;
}

function distinctCounts(sqlite: AppDatabase["sqlite"], from: string, to: string, filterOn: (column: string) => string): Distinct[] {
  const filter = filterOn("affiliate_uid");
  const masks = [...periodMasks(from, to)];
  const oneBlock = (block: number, mask: number) =>
    sqlite
      .prepare(
        `SELECT affiliate_uid AS uid, ${FLAGS.map(([c, a]) => `sum((${c} & @mask) != 0) AS ${a}`).join(", ")}
         FROM rollup_invitee_flags WHERE block = @block ${filter} GROUP BY affiliate_uid`,
      )
      .all({ block, mask }) as Distinct[];
  if (masks.length === 1) return oneBlock(masks[0][0], masks[0][1]);
  if (masks.length === 2) {
    // Across two blocks (a period over a block's edge, such as the health alerts' 4 weeks), an
    // invitee counts once: the first block's hits, plus the second block's hits of invitees the
    // first block did not hit (looked up on the table's key) — no grouping by invitee over both
    // blocks, ~4× cheaper at scale.
    const [[b0, m0], [b1, m1]] = masks;
    const out = new Map<string, Distinct>();
    for (const row of oneBlock(b0, m0)) out.set(row.uid, row);
    const extra = sqlite
      .prepare(
        `SELECT f.affiliate_uid AS uid, ${FLAGS.map(([c, a]) => `sum((f.${c} & @m1) != 0 AND coalesce((p.${c} & @m0) = 0, 1)) AS ${a}`).join(", ")}
         FROM rollup_invitee_flags f
         LEFT JOIN rollup_invitee_flags p ON p.affiliate_uid = f.affiliate_uid AND p.block = @b0 AND p.invitee_uid = f.invitee_uid
         WHERE f.block = @b1 ${filterOn("f.affiliate_uid")} GROUP BY f.affiliate_uid`,
      )
      .all({ b0, m0, b1, m1 }) as Distinct[];
    for (const row of extra) {
      const seen = out.get(row.uid);
      if (!seen) out.set(row.uid, row);
      else for (const [, a] of FLAGS) seen[a] += row[a];
    }
    return [...out.values()];
  }
  // Across more blocks, an invitee counts once: OR its hits per block first.
  const { hit, args, blocks } = periodMaskSql(from, to);
  return sqlite
    .prepare(
      `SELECT uid, ${FLAGS.map(([, a]) => `sum(${a}) AS ${a}`).join(", ")} FROM (
         SELECT affiliate_uid AS uid, invitee_uid, ${FLAGS.map(([c, a]) => `max(${hit(c)}) AS ${a}`).join(", ")}
         FROM rollup_invitee_flags WHERE block IN (${blocks}) ${filter}
         GROUP BY affiliate_uid, invitee_uid
       ) GROUP BY uid`,
    )
    .all(args) as Distinct[];
}

/**
 * A cheap fingerprint of "nothing was written since": SQLite's data_version (changes committed
 * by other connections: the import worker, the CLI, another server process) and this
 * connection's total_changes() (its own writes). Both are O(1); the versions below are
 * recomputed only when it moves.
 */
const stamps = new WeakMap<AppDatabase["sqlite"], { read: Statement; stamp: string; data?: string; work?: string; workUntil?: number }>();
function unchanged(sqlite: AppDatabase["sqlite"]) {
  let s = stamps.get(sqlite);
  // Prepared once per connection: this runs several times on every page.
  const read = s?.read ?? sqlite.prepare("SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes() AS stamp");
  const { stamp } = read.get() as { stamp: string };
  if (!s || s.stamp !== stamp) stamps.set(sqlite, (s = { read, stamp }));
  return s;
}

/** Changes whenever an import is applied or rolled back: the key of anything computed from the rollups. */
export function dataVersion({ sqlite }: AppDatabase): string {
  const s = unchanged(sqlite);
  if (s.data !== undefined) return s.data;
  const r = prepared(sqlite, "SELECT count(*) AS n, coalesce(max(finished_at), 0) AS f, coalesce(max(rolled_back_at), 0) AS b FROM imports WHERE status IN ('imported', 'rolled_back')")
    .get() as { n: number; f: number; b: number };
  return (s.data = `${r.n}:${r.f}:${r.b}`);
}

/**
 * Changes whenever the relationship work, a profile, the health scores or a band override change
 * — and when an override expires, which no write marks: kept until the next expiry at most.
 */
export function workVersion({ sqlite }: AppDatabase, now = Date.now()): string {
  const s = unchanged(sqlite);
  if (s.work !== undefined && now < s.workUntil!) return s.work;
  const { next, ...r } = prepared(
    sqlite,
    `SELECT (SELECT coalesce(max(updated_at), 0) || '/' || count(*) FROM notes) AS n, (SELECT coalesce(max(updated_at), 0) || '/' || count(*) FROM tasks) AS t,
         (SELECT coalesce(max(updated_at), 0) || '/' || count(*) FROM incidents) AS i, (SELECT coalesce(max(updated_at), 0) || '/' || count(*) FROM affiliates) AS a,
         (SELECT count(*) FROM incident_affiliates) AS x, (SELECT coalesce(max(updated_at), 0) FROM users) AS u,
         (SELECT coalesce(max(updated_at), 0) FROM settings) AS h,
         (SELECT count(*) || '/' || coalesce(max(created_at), 0) || '/' || coalesce(max(cleared_at), 0) FROM health_overrides) AS o,
         (SELECT count(*) FROM health_overrides WHERE cleared_at IS NULL AND expires_at <= @now) AS e,
         (SELECT min(expires_at) FROM health_overrides WHERE cleared_at IS NULL AND expires_at > @now) AS next`,
  ).get({ now }) as Record<string, string> & { next: number | null };
  s.workUntil = next ?? Infinity;
  return (s.work = Object.values(r).join("|"));
}

/** A bounded map from keys to computed values; the least recently used entry goes first when it is full. */
function lru(entries: number) {
  const cache = new Map<string, unknown>();
  return <T>(key: string, compute: () => T): T => {
    if (cache.has(key)) {
      const value = cache.get(key) as T;
      cache.delete(key);
      cache.set(key, value);
      return value;
    }
    const value = compute();
    cache.set(key, value);
    if (cache.size > entries) cache.delete(cache.keys().next().value!);
    return value;
  };
}

const large = lru(80);

/**
 * A value computed from the rollups, kept until the data changes (an import applied or rolled
 * back): the pages ask for the same periods over and over. The least recently used entry goes
 * first when the cache is full (entries of an older data version are never used again).
 */
export function memoByData<T>(database: AppDatabase, key: string, compute: () => T): T {
  return large(`${database.file}|${dataVersion(database)}|${key}`, compute);
}

const small = lru(3000);

/**
 * memoByData for small per-affiliate values (one affiliate's figures for one period): a bounded
 * LRU of its own, so that the many affiliates people look at do not evict the all-affiliate
 * figures of memoByData. Values are a few hundred bytes; 3,000 of them a few MB at most.
 */
export function memoSmallByData<T>(database: AppDatabase, key: string, compute: () => T): T {
  return small(`${database.file}|${dataVersion(database)}|${key}`, compute);
}

let views: { version: string; get: ReturnType<typeof lru> } | undefined;

/**
 * memoByData for one filtered view of every affiliate's rows (a page's filters and sort, for one
 * user): a bounded LRU of its own, so that views do not evict the all-affiliate figures of
 * memoByData, emptied as soon as the data or the work changes (a view holds references to the
 * rows of its version: ~20 KB of references for 2,400 rows, 200 of them a few MB at most, and
 * no older version's rows kept alive).
 */
export function memoViewByData<T>(database: AppDatabase, key: string, compute: () => T): T {
  const version = `${database.file}|${dataVersion(database)}|${workVersion(database)}`;
  if (views?.version !== version) views = { version, get: lru(200) };
  return views.get(key, compute);
}

/** kpisByAffiliate for every affiliate, kept per period until the data changes. */
export function cachedKpisByAffiliate(database: AppDatabase, from: string, to: string): Map<string, Kpis> {
  return memoByData(database, `kpis|${from}|${to}`, () => kpisByAffiliate(database, from, to));
}

/**
 * Every affiliate's weekly total volume (spot + futures + options) over `weeks` (the period's
 * weeks, oldest first): a zero for each week without data.
 */
export function weeklyVolumes({ sqlite }: AppDatabase, weeks: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (weeks.length === 0) return out;
  const index = new Map(weeks.map((w, i) => [w, i]));
  const rows = sqlite
    .prepare("SELECT affiliate_uid, week_start, spot_volume + futures_volume + options_volume FROM rollup_affiliate_week WHERE week_start BETWEEN ? AND ?")
    .raw()
    .all(weeks[0], weeks[weeks.length - 1]) as [string, string, number][];
  for (const [uid, week, volume] of rows) {
    let series = out.get(uid);
    if (!series) out.set(uid, (series = new Array<number>(weeks.length).fill(0)));
    series[index.get(week)!] = volume;
  }
  return out;
}
