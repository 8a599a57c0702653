import type { AppDatabase } from "../../db";
import type { FunnelCounts } from "../domain/affiliate-360";
import type { InviteeQuery } from "../domain/invitee-query";
import { weeksBetween } from "../domain/weeks";
import { memoByData, periodMaskSql } from "./kpis.server";

/**
 * The 360° page's queries: one affiliate, one period, read from the rollups (and, for the
 * invitees on the page, their facts by key).
 */

export interface WeekPoint {
  week: string;
  spot: number;
  futures: number;
  options: number;
  rewards: number;
  traded: number;
  active: number;
  referrals: number;
  futuresAdopters: number;
  earnAdopters: number;
  optionsAdopters: number;
  web3WalletAdopters: number;
  fiatAdopters: number;
}

export function weeklyPoints({ sqlite }: AppDatabase, uid: string, from: string, to: string): WeekPoint[] {
  const rows = sqlite
    .prepare(
      `SELECT week_start AS week, spot_volume AS spot, futures_volume AS futures, options_volume AS options,
         spot_commission + futures_commission AS rewards, traded, active, futures_adopters AS futuresAdopters,
         earn_adopters AS earnAdopters, options_adopters AS optionsAdopters, web3_wallet_adopters AS web3WalletAdopters,
         fiat_adopters AS fiatAdopters
       FROM rollup_affiliate_week WHERE affiliate_uid = ? AND week_start BETWEEN ? AND ?`,
    )
    .all(uid, from, to) as Omit<WeekPoint, "referrals">[];
  const referrals = sqlite
    .prepare("SELECT week_start AS week, sum(referrals) AS n FROM rollup_funnel_week WHERE affiliate_uid = ? AND week_start BETWEEN ? AND ? GROUP BY week_start")
    .all(uid, from, to) as { week: string; n: number }[];
  const byWeek = new Map(rows.map((r) => [r.week, r]));
  const refs = new Map(referrals.map((r) => [r.week, r.n]));
  const zero = { spot: 0, futures: 0, options: 0, rewards: 0, traded: 0, active: 0, futuresAdopters: 0, earnAdopters: 0, optionsAdopters: 0, web3WalletAdopters: 0, fiatAdopters: 0 };
  return weeksBetween(from, to).map((week) => ({ ...zero, ...byWeek.get(week), week, referrals: refs.get(week) ?? 0 }));
}

/** The funnel of the invitees registered in [from, end]: how many reached each stage (by now). */
export function funnelByAffiliate({ sqlite }: AppDatabase, from: string, end: string): Map<string, FunnelCounts> {
  const rows = sqlite
    .prepare(
      `SELECT affiliate_uid AS uid, count(*) AS referrals, count(verified_at) AS verified, count(first_deposit_at) AS deposited,
         count(first_trade_at) AS firstTrades
       FROM invitees WHERE registered_at BETWEEN ? AND ? GROUP BY affiliate_uid`,
    )
    .all(from, end) as ({ uid: string } & FunnelCounts)[];
  return new Map(rows.map(({ uid, ...f }) => [uid, f]));
}

/** Per country (the invitee's latest): invitees registered, traded (distinct), volume and rewards in the period. */
export function countryBreakdown({ sqlite }: AppDatabase, uid: string, from: string, to: string) {
  const money = sqlite
    .prepare(
      `SELECT country, sum(spot_volume + futures_volume + options_volume) AS volume, sum(spot_commission + futures_commission) AS rewards
       FROM rollup_affiliate_country_week WHERE affiliate_uid = ? AND week_start BETWEEN ? AND ? GROUP BY country`,
    )
    .all(uid, from, to) as { country: string; volume: number; rewards: number }[];
  const invitees = sqlite
    .prepare("SELECT country, sum(referrals) AS n FROM rollup_funnel_week WHERE affiliate_uid = ? AND week_start BETWEEN ? AND ? GROUP BY country")
    .all(uid, from, to) as { country: string; n: number }[];
  const { hit, args } = periodMaskSql(from, to, "f");
  const traded = sqlite
    .prepare(
      `SELECT coalesce(i.country, '') AS country, count(DISTINCT f.invitee_uid) AS n
       FROM rollup_invitee_flags f LEFT JOIN invitees i ON i.uid = f.invitee_uid
       WHERE f.affiliate_uid = @uid AND ${hit("traded")} GROUP BY 1`,
    )
    .all({ ...args, uid }) as { country: string; n: number }[];
  const out = new Map<string, { country: string; invitees: number; traded: number; volume: number; rewards: number }>();
  const get = (c: string) => {
    let r = out.get(c);
    if (!r) out.set(c, (r = { country: c, invitees: 0, traded: 0, volume: 0, rewards: 0 }));
    return r;
  };
  for (const m of money) Object.assign(get(m.country), { volume: m.volume, rewards: m.rewards });
  for (const i of invitees) get(i.country).invitees = i.n;
  for (const t of traded) get(t.country).traded = t.n;
  return [...out.values()].sort((a, b) => b.volume - a.volume || b.invitees - a.invitees);
}

/** The affiliate's referral codes: first seen, invitees, and traded invitees and rewards in the period. */
export function referralCodeStats(database: AppDatabase, uid: string, from: string, to: string) {
  const { sqlite } = database;
  // Invitees per code, all time: one pass over the invitees per data version (counting them per
  // affiliate read every invitee row of a large affiliate, ~15–35 ms, on each page view).
  const perCode = memoByData(database, "inviteesPerCode", () => {
    const out = new Map<string, number>();
    for (const r of sqlite.prepare("SELECT affiliate_uid AS a, referral_code AS c, count(*) AS n FROM invitees WHERE referral_code IS NOT NULL GROUP BY 1, 2").all() as { a: string; c: string; n: number }[])
      out.set(`${r.a}|${r.c}`, r.n);
    return out;
  });
  const codes = (sqlite.prepare("SELECT code, first_seen_week AS firstSeen FROM referral_codes WHERE affiliate_uid = ? ORDER BY first_seen_week").all(uid) as { code: string; firstSeen: string }[]).map(
    (c) => ({ ...c, invitees: perCode.get(`${uid}|${c.code}`) ?? 0 }),
  );
  // Traded invitees and rewards per code in the period, for every affiliate at once: one pass over
  // the period's facts, kept per period until the data changes. Per affiliate, the same figures
  // took a join of its invitees with their facts week by week (~10–20 ms for a large affiliate,
  // on the first view of each affiliate and period).
  const perPeriod = memoByData(database, `codeFacts|${from}|${to}`, () => {
    const out = new Map<string, { traded: number; rewards: number }>();
    const rows = sqlite
      .prepare(
        `SELECT a.affiliate_uid, i.referral_code,
           count(DISTINCT CASE WHEN a.spot_volume + a.futures_volume + a.options_volume > 0 THEN a.invitee_uid END),
           sum(a.spot_commission + a.futures_commission)
         FROM activity a JOIN invitees i ON i.uid = a.invitee_uid AND i.affiliate_uid = a.affiliate_uid
         WHERE a.week_start BETWEEN ? AND ? AND i.referral_code IS NOT NULL
         GROUP BY a.affiliate_uid, i.referral_code`,
      )
      .raw()
      .all(from, to) as [string, string, number, number][];
    for (const [affiliate, code, traded, rewards] of rows) out.set(`${affiliate}|${code}`, { traded, rewards });
    return out;
  });
  return codes.map((c) => {
    const f = perPeriod.get(`${uid}|${c.code}`);
    return { ...c, traded: f?.traded ?? 0, rewards: f?.rewards ?? 0 };
  });
}

export interface InviteeListRow {
  uid: string;
  registeredAt: string;
  referralCode: string | null;
  verifiedAt: string | null;
  firstDepositAt: string | null;
  firstTradeAt: string | null;
  country: string | null;
  vipLevel: number | null;
  commissionType: string | null;
  rebateRate: number | null;
  volume: number;
  commission: number;
}

/** The affiliate's invitees, filtered and paged in SQL; the period's volume and commission for the rows shown (a limit of 0: the count only). */
export function listInvitees(
  { sqlite }: AppDatabase,
  uid: string,
  q: InviteeQuery,
  period: { from: string; to: string },
  page: { offset: number; limit: number } | null,
) {
  const where = ["affiliate_uid = @uid"];
  const args: Record<string, string | number> = { uid };
  const add = (condition: string, name: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(condition);
    args[name] = value;
  };
  add("uid LIKE @q", "q", q.iq === undefined ? undefined : `${q.iq}%`);
  add("registered_at >= @regFrom", "regFrom", q.iregFrom);
  add("registered_at <= @regTo", "regTo", q.iregTo);
  add("vip_level = @vip", "vip", q.ivip);
  add("country = @country", "country", q.icountry);
  add("referral_code = @code", "code", q.icode);
  if (q.istage === "verified") where.push("verified_at IS NOT NULL");
  if (q.istage === "not-verified") where.push("verified_at IS NULL");
  if (q.istage === "deposited") where.push("first_deposit_at IS NOT NULL");
  if (q.istage === "traded") where.push("first_trade_at IS NOT NULL");
  const filter = where.join(" AND ");
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM invitees WHERE ${filter}`).get(args) as { n: number }).n;
  if (page?.limit === 0) return { total, rows: [] as InviteeListRow[] };
  const rows = sqlite
    .prepare(
      `SELECT uid, registered_at AS registeredAt, referral_code AS referralCode, verified_at AS verifiedAt, first_deposit_at AS firstDepositAt,
         first_trade_at AS firstTradeAt, country, vip_level AS vipLevel, commission_type AS commissionType, rebate_rate AS rebateRate
       FROM invitees WHERE ${filter} ORDER BY registered_at DESC, uid ${page ? "LIMIT @limit OFFSET @offset" : ""}`,
    )
    .all(page ? { ...args, ...page } : args) as Omit<InviteeListRow, "volume" | "commission">[];
  // The facts of the rows shown, by key: (week, invitee) for each week of the period.
  const weeks = weeksBetween(period.from, period.to);
  const facts = sqlite.prepare(
    `SELECT coalesce(sum(spot_volume + futures_volume + options_volume), 0) AS volume, coalesce(sum(spot_commission + futures_commission), 0) AS commission
     FROM activity WHERE week_start IN (${weeks.map(() => "?").join(", ")}) AND invitee_uid = ? AND affiliate_uid = ?`,
  );
  return {
    total,
    rows: rows.map((r) => ({ ...r, ...(facts.get(...weeks, r.uid, uid) as { volume: number; commission: number }) })) as InviteeListRow[],
  };
}
