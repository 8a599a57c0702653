import type Database from "better-sqlite3";
import { blockWeeks, SQL_WEEK_INDEX, weekBlock, WEEKS_PER_BLOCK } from "../domain/weeks";

/**
 * The rollups are derived from the facts and refreshed inside the import's transaction, so no
 * page ever sees facts without their rollups. Each refresh is a set-based statement over the
 * rows it concerns.
 */

const TRADED = "(a.spot_volume + a.futures_volume + a.options_volume) > 0";
const ACTIVE = "(a.spot_volume + a.futures_volume + a.options_volume + a.fiat_volume) > 0 OR a.earn_balance > 0 OR a.web3_wallet_active = 1";

function withWeeks(sqlite: Database.Database, weeks: Iterable<string>) {
  sqlite.exec("CREATE TEMP TABLE IF NOT EXISTS _refresh_weeks (week_start TEXT PRIMARY KEY)");
  sqlite.exec("DELETE FROM _refresh_weeks");
  const ins = sqlite.prepare("INSERT OR IGNORE INTO _refresh_weeks VALUES (?)");
  for (const w of weeks) ins.run(w);
}

function withAffiliates(sqlite: Database.Database, uids: Iterable<string>) {
  sqlite.exec("CREATE TEMP TABLE IF NOT EXISTS _refresh_affiliates (uid TEXT PRIMARY KEY)");
  sqlite.exec("DELETE FROM _refresh_affiliates");
  const ins = sqlite.prepare("INSERT OR IGNORE INTO _refresh_affiliates VALUES (?)");
  for (const u of uids) ins.run(u);
}

/** Weekly activity rollups (per affiliate, per affiliate × country, per affiliate × product) for these weeks. */
export function refreshActivityRollups(sqlite: Database.Database, weeks: Iterable<string>) {
  withWeeks(sqlite, weeks);
  const inWeeks = "week_start IN (SELECT week_start FROM _refresh_weeks)";
  sqlite.exec(`DELETE FROM rollup_affiliate_week WHERE ${inWeeks}`);
  sqlite.exec(`DELETE FROM rollup_affiliate_country_week WHERE ${inWeeks}`);
  sqlite.exec(`DELETE FROM rollup_affiliate_product_week WHERE ${inWeeks}`);
  // One pass over the weeks' facts, grouped per affiliate × country; the other two rollups are sums of it.
  sqlite.exec("DROP TABLE IF EXISTS temp._agg");
  sqlite.exec(`
    CREATE TEMP TABLE _agg AS
    SELECT a.affiliate_uid, a.week_start, coalesce(a.country, '') AS country,
      count(*) AS rows,
      sum(${TRADED}) AS traded,
      sum(${ACTIVE}) AS active,
      sum(a.futures_volume > 0) AS futures_adopters,
      sum(a.earn_balance > 0) AS earn_adopters,
      sum(a.options_volume > 0) AS options_adopters,
      sum(a.web3_wallet_active = 1) AS web3_wallet_adopters,
      sum(a.fiat_volume > 0) AS fiat_adopters,
      sum(a.spot_volume) AS spot_volume, sum(a.futures_volume) AS futures_volume,
      sum(a.options_volume) AS options_volume, sum(a.fiat_volume) AS fiat_volume,
      sum(a.earn_balance) AS earn_balance, sum(a.spot_commission) AS spot_commission,
      sum(a.futures_commission) AS futures_commission, sum(a.fees) AS fees
    FROM activity a
    WHERE a.${inWeeks}
    GROUP BY a.affiliate_uid, a.week_start, coalesce(a.country, '')`);
  const sums = "spot_volume, futures_volume, options_volume, fiat_volume, earn_balance, spot_commission, futures_commission, fees";
  const sumOf = sums.split(", ").map((c) => `sum(${c})`).join(", ");
  sqlite.exec(`
    INSERT INTO rollup_affiliate_country_week (affiliate_uid, week_start, country, traded, active, ${sums})
    SELECT affiliate_uid, week_start, country, traded, active, ${sums} FROM _agg`);
  sqlite.exec(`
    INSERT INTO rollup_affiliate_week (affiliate_uid, week_start, rows, traded, active, ${sums})
    SELECT affiliate_uid, week_start, sum(rows), sum(traded), sum(active), ${sumOf}
    FROM _agg GROUP BY affiliate_uid, week_start`);
  sqlite.exec(`
    INSERT INTO rollup_affiliate_product_week (affiliate_uid, week_start, product, adopters, amount)
    SELECT affiliate_uid, week_start, 'futures', sum(futures_adopters), sum(futures_volume) FROM _agg GROUP BY 1, 2
    UNION ALL SELECT affiliate_uid, week_start, 'earn', sum(earn_adopters), sum(earn_balance) FROM _agg GROUP BY 1, 2
    UNION ALL SELECT affiliate_uid, week_start, 'options', sum(options_adopters), sum(options_volume) FROM _agg GROUP BY 1, 2
    UNION ALL SELECT affiliate_uid, week_start, 'web3_wallet', sum(web3_wallet_adopters), 0 FROM _agg GROUP BY 1, 2
    UNION ALL SELECT affiliate_uid, week_start, 'fiat', sum(fiat_adopters), sum(fiat_volume) FROM _agg GROUP BY 1, 2`);
  sqlite.exec("DROP TABLE temp._agg");
}

/** The weeks' blocks of per-invitee week masks, rebuilt from the facts. */
export function refreshInviteeFlags(sqlite: Database.Database, weeks: Iterable<string>) {
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
}

const MONDAY = (col: string) => `date(${col}, '-6 days', 'weekday 1')`;

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

/** Referral codes (first week seen) of these affiliates, from the facts. */
export function refreshReferralCodes(sqlite: Database.Database, affiliateUids: Iterable<string>) {
  withAffiliates(sqlite, affiliateUids);
  sqlite.exec("DELETE FROM referral_codes WHERE affiliate_uid IN (SELECT uid FROM _refresh_affiliates)");
  sqlite.exec(`
    INSERT INTO referral_codes (code, affiliate_uid, first_seen_week)
    SELECT a.referral_code, a.affiliate_uid, min(a.week_start) FROM activity a
    WHERE a.affiliate_uid IN (SELECT uid FROM _refresh_affiliates) AND a.referral_code IS NOT NULL
      AND EXISTS (SELECT 1 FROM affiliates f WHERE f.uid = a.affiliate_uid)
    GROUP BY a.referral_code, a.affiliate_uid`);
}
