import type { AppDatabase } from "../../db";
import type { FunnelCounts } from "../domain/affiliate-360";
import type { InviteeQuery } from "../domain/invitee-query";
import { weeksBetween } from "../domain/weeks";
import { memoByData, periodMaskSql } from "./kpis.server";
import { prepared } from "./statements.server";

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
  const rows = prepared(
    sqlite,
    `SELECT week_start AS week, spot_volume AS spot, futures_volume AS futures, options_volume AS options,
         spot_commission + futures_commission AS rewards, traded, active, futures_adopters AS futuresAdopters,
         earn_adopters AS earnAdopters, options_adopters AS optionsAdopters, web3_wallet_adopters AS web3WalletAdopters,
         fiat_adopters AS fiatAdopters
       FROM rollup_affiliate_week WHERE affiliate_uid = ? AND week_start BETWEEN ? AND ?`,
  ).all(uid, from, to) as Omit<WeekPoint, "referrals">[];
  const referrals = prepared(sqlite, "SELECT week_start AS week, sum(referrals) AS n FROM rollup_funnel_week WHERE affiliate_uid = ? AND week_start BETWEEN ? AND ? GROUP BY week_start")
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

export type CountryRow = { country: string; invitees: number; traded: number; volume: number; rewards: number };

/**
 * The affiliate's countries in the period: invitees registered, traded invitees, volume and
 * rewards, largest volume first. Every affiliate's are computed at once (three grouped reads of the
 * rollups, ~0.3 s at scale) and kept per period until the data changes: per affiliate, the same
 * reads took ~2 ms on the first view of each affiliate and period.
 */
export function countryBreakdown(database: AppDatabase, uid: string, from: string, to: string): CountryRow[] {
  return memoByData(database, `countries|${from}|${to}`, () => countryBreakdowns(database, from, to)).get(uid) ?? [];
}

function countryBreakdowns({ sqlite }: AppDatabase, from: string, to: string): Map<string, CountryRow[]> {
  const money = sqlite
    .prepare(
      `SELECT affiliate_uid, country, sum(spot_volume + futures_volume + options_volume), sum(spot_commission + futures_commission)
       FROM rollup_affiliate_country_week WHERE week_start BETWEEN ? AND ? GROUP BY 1, 2`,
    )
    .raw()
    .all(from, to) as [string, string, number, number][];
  const invitees = sqlite
    .prepare("SELECT affiliate_uid, country, sum(referrals) FROM rollup_funnel_week WHERE week_start BETWEEN ? AND ? GROUP BY 1, 2")
    .raw()
    .all(from, to) as [string, string, number][];
  const { hit, args } = periodMaskSql(from, to, "f");
  const traded = sqlite
    .prepare(
      `SELECT f.affiliate_uid, coalesce(i.country, ''), count(DISTINCT f.invitee_uid)
       FROM rollup_invitee_flags f LEFT JOIN invitees i ON i.uid = f.invitee_uid
       WHERE ${hit("traded")} GROUP BY 1, 2`,
    )
    .raw()
    .all(args) as [string, string, number][];
  const byAffiliate = new Map<string, Map<string, CountryRow>>();
  const get = (uid: string, country: string) => {
    let countries = byAffiliate.get(uid);
    if (!countries) byAffiliate.set(uid, (countries = new Map()));
    let r = countries.get(country);
    if (!r) countries.set(country, (r = { country, invitees: 0, traded: 0, volume: 0, rewards: 0 }));
    return r;
  };
  for (const [uid, country, volume, rewards] of money) Object.assign(get(uid, country), { volume, rewards });
  for (const [uid, country, n] of invitees) get(uid, country).invitees = n;
  for (const [uid, country, n] of traded) get(uid, country).traded = n;
  return new Map([...byAffiliate].map(([uid, countries]) => [uid, [...countries.values()].sort((a, b) => b.volume - a.volume || b.invitees - a.invitees)]));
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
