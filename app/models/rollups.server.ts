import type Database from "better-sqlite3";
import { AGG_FIELDS, FLAG_FIELDS, JoinedCursor, type AccumulatedState, type AggChunk, type KeyedChunk } from "../domain/referral-accumulator";

const RECORD = "\u001e";
import { blockWeeks, SQL_WEEK_INDEX, weekBlock, WEEKS_PER_BLOCK } from "../domain/weeks";

/**
 * The rollups are derived from the facts and refreshed inside the import's transaction, so no
 * page ever sees facts without their rollups. Each refresh is a set-based statement over the
 * rows it concerns.
 */

/** SQL for the Monday of a date column's week. */
export const MONDAY = (col: string) => `date(${col}, '-6 days', 'weekday 1')`;
const TRADED = "(a.spot_volume + a.futures_volume + a.options_volume) > 0";
const ACTIVE = "(a.spot_volume + a.futures_volume + a.options_volume + a.fiat_volume) > 0 OR a.earn_balance > 0 OR a.web3_wallet_active = 1";

/** Fills a one-column temporary table with these values (what a set-based refresh joins on). */
function withTemp(sqlite: Database.Database, table: "_refresh_weeks" | "_refresh_affiliates", column: string, values: Iterable<string>) {
  sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS ${table} (${column} TEXT PRIMARY KEY)`);
  sqlite.exec(`DELETE FROM ${table}`);
  const ins = sqlite.prepare(`INSERT OR IGNORE INTO ${table} VALUES (?)`);
  for (const v of values) ins.run(v);
}

const withWeeks = (sqlite: Database.Database, weeks: Iterable<string>) => withTemp(sqlite, "_refresh_weeks", "week_start", weeks);
const withAffiliates = (sqlite: Database.Database, uids: Iterable<string>) => withTemp(sqlite, "_refresh_affiliates", "uid", uids);

const SUMS = ["spot_volume", "futures_volume", "options_volume", "fiat_volume", "earn_balance", "spot_commission", "futures_commission", "fees"];
const ADOPTERS = ["futures_adopters", "earn_adopters", "options_adopters", "web3_wallet_adopters", "fiat_adopters"];
const WEEK_COLUMNS = ["rows", "traded", "active", ...ADOPTERS, ...SUMS];
const COUNTRY_COLUMNS = ["traded", "active", ...SUMS];

/**
 * Writes the weekly activity rollups (per affiliate with its per-product adopters, and per
 * affiliate × country) of these weeks: `staleWeeks` recomputed from the facts, `freshWeeks` from
 * the groups the import summed while reading (AggChunk, in the order exported).
 */
export function writeActivityRollups(
  sqlite: Database.Database,
  { staleWeeks = [], freshWeeks = [], freshAgg = [] }: { staleWeeks?: string[]; freshWeeks?: string[]; freshAgg?: AggChunk[] },
) {
  const write = beginActivityRollups(sqlite, { staleWeeks, freshWeeks });
  for (const chunk of freshAgg) write(chunk);
}

/**
 * {@link writeActivityRollups} in two steps, for an import that receives the fresh weeks' groups
 * chunk by chunk: clears the weeks' rollups and recomputes the stale ones now, and returns the
 * function that inserts a chunk of fresh groups (called as the chunks arrive).
 */
export function beginActivityRollups(
  sqlite: Database.Database,
  { staleWeeks = [], freshWeeks = [] }: { staleWeeks?: string[]; freshWeeks?: string[] },
): (chunk: AggChunk) => void {
  const weeks = [...staleWeeks, ...freshWeeks];
  if (weeks.length === 0) return () => {};
  withWeeks(sqlite, weeks);
  const inWeeks = "week_start IN (SELECT week_start FROM _refresh_weeks)";
  sqlite.exec(`DELETE FROM rollup_affiliate_week WHERE ${inWeeks}`);
  sqlite.exec(`DELETE FROM rollup_affiliate_country_week WHERE ${inWeeks}`);
  if (staleWeeks.length) {
    withWeeks(sqlite, staleWeeks);
    const sums = SUMS.map((c) => `sum(a.${c})`).join(", ");
    sqlite.exec(`
      INSERT INTO rollup_affiliate_week (affiliate_uid, week_start, ${WEEK_COLUMNS.join(", ")})
      SELECT a.affiliate_uid, a.week_start, count(*), sum(${TRADED}), sum(${ACTIVE}),
        sum(a.futures_volume > 0), sum(a.earn_balance > 0), sum(a.options_volume > 0),
        sum(a.web3_wallet_active = 1), sum(a.fiat_volume > 0), ${sums}
      FROM activity a WHERE a.${inWeeks}
      GROUP BY a.affiliate_uid, a.week_start`);
    sqlite.exec(`
      INSERT INTO rollup_affiliate_country_week (affiliate_uid, week_start, country, ${COUNTRY_COLUMNS.join(", ")})
      SELECT a.affiliate_uid, a.week_start, coalesce(a.country, ''), sum(${TRADED}), sum(${ACTIVE}), ${sums}
      FROM activity a WHERE a.${inWeeks}
      GROUP BY a.affiliate_uid, a.week_start, coalesce(a.country, '')`);
  }
  if (freshWeeks.length === 0) return () => {};
  return freshRollupWriter(sqlite);
}

/**
 * Adds chunks of fresh weeks' rollup groups (AggChunk) to the rollups: a group met again (a flush
 * of a week that comes back later in the file) adds to what was written before.
 */
function freshRollupWriter(sqlite: Database.Database): (chunk: AggChunk) => void {
  const add = (c: string) => `${c} = ${c} + excluded.${c}`;
  const insCountry = sqlite.prepare(
    `INSERT INTO rollup_affiliate_country_week (affiliate_uid, week_start, country, ${COUNTRY_COLUMNS.join(", ")})
     VALUES (?, ?, ?, ${COUNTRY_COLUMNS.map(() => "?").join(", ")})
     ON CONFLICT (affiliate_uid, week_start, country) DO UPDATE SET ${COUNTRY_COLUMNS.map(add).join(", ")}`,
  );
  const insWeek = sqlite.prepare(
    `INSERT INTO rollup_affiliate_week (affiliate_uid, week_start, ${WEEK_COLUMNS.join(", ")})
     VALUES (?, ?, ${WEEK_COLUMNS.map(() => "?").join(", ")})
     ON CONFLICT (affiliate_uid, week_start) DO UPDATE SET ${WEEK_COLUMNS.map(add).join(", ")}`,
  );
  const n = AGG_FIELDS.length;
  return ({ affiliates, weeks: weekCol, countries, values: v, weekRows }: AggChunk) => {
    const groups = v.length / n;
    if (groups > 0) {
      const a = affiliates.split(RECORD);
      const w = weekCol.split(RECORD);
      const c = countries.split(RECORD);
      for (let i = 0, o = 0; i < groups; i++, o += n) {
        insCountry.run(a[i], w[i], c[i], v[o + 1], v[o + 2], v[o + 8], v[o + 9], v[o + 10], v[o + 11], v[o + 12], v[o + 13], v[o + 14], v[o + 15]);
      }
    }
    const s = weekRows.values;
    if (s.length === 0) return;
    const cursor = new JoinedCursor(weekRows.keys);
    for (let o = 0; o < s.length; o += n) {
      const key = cursor.next();
      const tab = key.indexOf("\u001f");
      insWeek.run(
        key.slice(0, tab), key.slice(tab + 1),
        s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5], s[o + 6], s[o + 7],
        s[o + 8], s[o + 9], s[o + 10], s[o + 11], s[o + 12], s[o + 13], s[o + 14], s[o + 15],
      );
    }
  };
}

/**
 * For an import that writes the fresh weeks' rollups as it reads: each fresh week's rollups are
 * cleared when its first chunk arrives, then the chunks are added (freshRollupWriter). The stale
 * weeks are recomputed at the end (beginActivityRollups with `staleWeeks` only).
 */
export function prepareFreshRollups(sqlite: Database.Database): (chunk: AggChunk) => void {
  const write = freshRollupWriter(sqlite);
  const cleared = new Set<string>();
  // The two tables are always written together: the per-affiliate one (indexed by week) tells
  // whether a week has rollups left to clear, without scanning the per-country one each time.
  const held = sqlite.prepare("SELECT 1 FROM rollup_affiliate_week WHERE week_start = ? LIMIT 1").pluck();
  const delWeek = sqlite.prepare("DELETE FROM rollup_affiliate_week WHERE week_start = ?");
  const delCountry = sqlite.prepare("DELETE FROM rollup_affiliate_country_week WHERE week_start = ?");
  return (chunk) => {
    let last = "";
    for (const w of chunk.weeks.split(RECORD)) {
      if (w === last || w === "" || cleared.has(w)) continue;
      last = w;
      cleared.add(w);
      if (held.get(w) === undefined) continue;
      delWeek.run(w);
      delCountry.run(w);
    }
    write(chunk);
  };
}

/** Weekly activity rollups of these weeks, recomputed from the facts. */
export function refreshActivityRollups(sqlite: Database.Database, weeks: Iterable<string>) {
  writeActivityRollups(sqlite, { staleWeeks: [...weeks] });
}

/**
 * Merges week masks summed by the import for fresh weeks (their bits were not set before, so
 * OR-ing them in is exact). Blocks in `skip` are rebuilt from the facts instead.
 */
export function mergeInviteeFlags(sqlite: Database.Database, flags: AccumulatedState["flags"], skip: Set<number>) {
  const merge = beginInviteeFlagsMerge(sqlite, skip);
  for (const { block, chunks } of flags) for (const chunk of chunks) merge(block, chunk);
}

/** {@link mergeInviteeFlags} chunk by chunk, as the chunks arrive (in key order, as exported). */
export function beginInviteeFlagsMerge(sqlite: Database.Database, skip: Set<number>): (block: number, chunk: KeyedChunk) => void {
  const cols = FLAG_FIELDS.join(", ");
  const up = sqlite.prepare(`
    INSERT INTO rollup_invitee_flags (affiliate_uid, block, invitee_uid, ${cols}) VALUES (?, ?, ?, ${FLAG_FIELDS.map(() => "?").join(", ")})
    ON CONFLICT (affiliate_uid, block, invitee_uid) DO UPDATE SET ${FLAG_FIELDS.map((c) => `${c} = ${c} | excluded.${c}`).join(", ")}`);
  const n = FLAG_FIELDS.length;
  return (block, { keys, values: masks }) => {
    if (skip.has(block)) return;
    const cursor = new JoinedCursor(keys);
    for (let o = 0; o < masks.length; o += n) {
      const key = cursor.next();
      const tab = key.indexOf("\u001f");
      up.run(key.slice(0, tab), block, key.slice(tab + 1), masks[o], masks[o + 1], masks[o + 2], masks[o + 3], masks[o + 4], masks[o + 5], masks[o + 6]);
    }
  };
}

/** The blocks of per-invitee week masks holding these weeks, rebuilt from the facts; returns the blocks. */
export function refreshInviteeFlags(sqlite: Database.Database, weeks: Iterable<string>): Set<number> {
  const blocks = new Set<number>();
  for (const w of weeks) blocks.add(weekBlock(w).block);
  const del = sqlite.prepare("DELETE FROM rollup_invitee_flags WHERE block = ?");
  const bit = `(1 << (${SQL_WEEK_INDEX("a.week_start")} % ${WEEKS_PER_BLOCK}))`;
  const flag = (cond: string) => `sum(CASE WHEN ${cond} THEN ${bit} ELSE 0 END)`;
  // Each (affiliate, invitee, week) occurs once, so a sum of distinct bits is their OR.
  const ins = sqlite.prepare(`
    INSERT INTO rollup_invitee_flags (affiliate_uid, block, invitee_uid, traded, active, futures, earn, options, web3_wallet, fiat)
    SELECT a.affiliate_uid, @block, a.invitee_uid,
      ${flag(TRADED)}, ${flag(ACTIVE)}, ${flag("a.futures_volume > 0")}, ${flag("a.earn_balance > 0")},
      ${flag("a.options_volume > 0")}, ${flag("a.web3_wallet_active = 1")}, ${flag("a.fiat_volume > 0")}
    FROM activity a
    WHERE a.week_start BETWEEN @from AND @to
    GROUP BY a.affiliate_uid, a.invitee_uid
    HAVING ${flag(ACTIVE)} != 0`);
  for (const block of blocks) {
    del.run(block);
    ins.run({ block, ...blockWeeks(block) });
  }
  return blocks;
}

/** The funnel rollup of these affiliates, from their invitees' latest attributes. */
export function refreshFunnelRollups(sqlite: Database.Database, affiliateUids: Iterable<string>) {
  withAffiliates(sqlite, affiliateUids);
  sqlite.exec("DELETE FROM rollup_funnel_week WHERE affiliate_uid IN (SELECT uid FROM _refresh_affiliates)");
  const part = (col: string, r: number, v: number, d: number, t: number) => `
    SELECT i.affiliate_uid, ${MONDAY(`i.${col}`)} AS week_start, coalesce(i.country, '') AS country,
      ${r} AS r, ${v} AS v, ${d} AS d, ${t} AS t
    FROM invitees i WHERE i.affiliate_uid IN (SELECT uid FROM _refresh_affiliates) AND i.${col} IS NOT NULL`;
  sqlite.exec(`
    INSERT INTO rollup_funnel_week (affiliate_uid, week_start, country, referrals, verified, deposited, first_trades)
    SELECT affiliate_uid, week_start, country, sum(r), sum(v), sum(d), sum(t) FROM (
      ${part("registered_at", 1, 0, 0, 0)}
      UNION ALL ${part("verified_at", 0, 1, 0, 0)}
      UNION ALL ${part("first_deposit_at", 0, 0, 1, 0)}
      UNION ALL ${part("first_trade_at", 0, 0, 0, 1)}
    ) GROUP BY affiliate_uid, week_start, country`);
}

/** Referral codes of these affiliates, from their invitees: first seen = the earliest registration week. */
export function refreshReferralCodes(sqlite: Database.Database, affiliateUids: Iterable<string>) {
  withAffiliates(sqlite, affiliateUids);
  sqlite.exec("DELETE FROM referral_codes WHERE affiliate_uid IN (SELECT uid FROM _refresh_affiliates)");
  sqlite.exec(`
    INSERT INTO referral_codes (code, affiliate_uid, first_seen_week)
    SELECT i.referral_code, i.affiliate_uid, min(${MONDAY("i.registered_at")}) FROM invitees i
    WHERE i.affiliate_uid IN (SELECT uid FROM _refresh_affiliates) AND i.referral_code IS NOT NULL
    GROUP BY i.referral_code, i.affiliate_uid`);
}
