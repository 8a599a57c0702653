import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodEnd } from "../../app/domain/kpis";
import { addWeeks } from "../../app/domain/weeks";
import { countryBreakdown, funnelByAffiliate, listInvitees, referralCodeStats, weeklyPoints } from "../../app/models/affiliate-detail.server";
import { weeklyVolumes } from "../../app/models/kpis.server";
import { cents, importGenerated, latestByInvitee, type Row } from "../support/dataset";
import { createTestDatabase } from "../support/db";

/** The 360° page's queries against values computed here from the imported files. */
let database: ReturnType<typeof createTestDatabase>;
let weeks: string[];
let rows: Row[];
let biggest: string[];

beforeAll(async () => {
  database = createTestDatabase();
  ({ weeks, rows } = await importGenerated(database, "affiliate-360-test"));
  const volume = new Map<string, number>();
  for (const r of rows) volume.set(r.affiliate_uid, (volume.get(r.affiliate_uid) ?? 0) + cents(r.spot_volume_usd));
  biggest = [...volume].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([uid]) => uid);
}, 60_000);
afterAll(() => database.close());

const traded = (r: Row) => cents(r.spot_volume_usd) + cents(r.futures_volume_usd) + cents(r.options_volume_usd) > 0;
const rewards = (r: Row) => cents(r.spot_commission_usd) + cents(r.futures_commission_usd);

describe("the affiliate 360° queries", () => {
  it("weekly series: volume by product, rewards, traded and new referrals per week", () => {
    const [from, to] = [weeks[4], weeks[11]];
    const latest = [...latestByInvitee(rows).values()];
    for (const uid of biggest) {
      const got = weeklyPoints(database, uid, from, to);
      expect(got.map((p) => p.week)).toEqual(weeks.slice(4, 12));
      for (const p of got) {
        const mine = rows.filter((r) => r.affiliate_uid === uid && r.week_start === p.week);
        expect(p.spot).toBe(mine.reduce((s, r) => s + cents(r.spot_volume_usd), 0));
        expect(p.futures).toBe(mine.reduce((s, r) => s + cents(r.futures_volume_usd), 0));
        expect(p.rewards).toBe(mine.reduce((s, r) => s + rewards(r), 0));
        expect(p.traded).toBe(mine.filter(traded).length);
        expect(p.referrals).toBe(latest.filter((i) => i.affiliate_uid === uid && i.registered_at >= p.week && i.registered_at < addWeeks(p.week, 1)).length);
      }
    }
  });

  it("the portfolio's sparklines: every affiliate's weekly total volume, zeros for weeks without data", () => {
    const period = weeks.slice(3, 10);
    const got = weeklyVolumes(database, period);
    const uids = new Set(rows.filter((r) => period.includes(r.week_start)).map((r) => r.affiliate_uid));
    expect([...got.keys()].sort()).toEqual([...uids].sort());
    for (const uid of biggest) {
      expect(got.get(uid)).toEqual(
        period.map((w) => rows.filter((r) => r.affiliate_uid === uid && r.week_start === w).reduce((s, r) => s + cents(r.spot_volume_usd) + cents(r.futures_volume_usd) + cents(r.options_volume_usd), 0)),
      );
    }
    // A week after the data: each series has a zero there.
    const later = [...weeks.slice(-2), addWeeks(weeks[weeks.length - 1], 1)];
    for (const series of weeklyVolumes(database, later).values()) expect(series[2]).toBe(0);
  });

  it("funnel of the invitees registered in the period", () => {
    const [from, to] = [weeks[2], weeks[9]];
    const end = periodEnd(to);
    const got = funnelByAffiliate(database, from, end);
    const latest = [...latestByInvitee(rows).values()].filter((i) => i.registered_at >= from && i.registered_at <= end);
    for (const uid of biggest) {
      const cohort = latest.filter((i) => i.affiliate_uid === uid);
      expect(got.get(uid)).toEqual({
        referrals: cohort.length,
        verified: cohort.filter((i) => i.verified_at).length,
        deposited: cohort.filter((i) => i.first_deposit_at).length,
        firstTrades: cohort.filter((i) => i.first_trade_at).length,
      });
      expect(cohort.length).toBeGreaterThan(0);
    }
  });

  it("countries: volume and rewards by the week's country, invitees and traded by the invitee's", () => {
    const [from, to] = [weeks[0], weeks[11]];
    const latest = latestByInvitee(rows);
    for (const uid of biggest) {
      const got = new Map(countryBreakdown(database, uid, from, to).map((c) => [c.country, c]));
      const mine = rows.filter((r) => r.affiliate_uid === uid && r.week_start >= from && r.week_start <= to);
      const byCountry = new Map<string, { volume: number; rewards: number; traded: Set<string> }>();
      for (const r of mine) {
        const c = byCountry.get(r.country) ?? { volume: 0, rewards: 0, traded: new Set<string>() };
        c.volume += cents(r.spot_volume_usd) + cents(r.futures_volume_usd) + cents(r.options_volume_usd);
        c.rewards += rewards(r);
        byCountry.set(r.country, c);
      }
      for (const [country, c] of byCountry) {
        expect({ country, volume: got.get(country)?.volume ?? 0, rewards: got.get(country)?.rewards ?? 0 }).toEqual({ country, volume: c.volume, rewards: c.rewards });
      }
      const tradedByLatestCountry = new Map<string, Set<string>>();
      for (const r of mine.filter(traded)) {
        const c = latest.get(r.invitee_uid)!.country;
        if (!tradedByLatestCountry.has(c)) tradedByLatestCountry.set(c, new Set());
        tradedByLatestCountry.get(c)!.add(r.invitee_uid);
      }
      for (const [country, set] of tradedByLatestCountry) expect({ country, traded: got.get(country)?.traded }).toEqual({ country, traded: set.size });
    }
  });

  it("referral codes: invitees, and traded invitees and rewards in the period", () => {
    const [from, to] = [weeks[6], weeks[11]];
    const latest = latestByInvitee(rows);
    for (const uid of biggest) {
      const got = referralCodeStats(database, uid, from, to);
      expect(got.length).toBeGreaterThan(0);
      for (const c of got) {
        const invitees = [...latest.values()].filter((i) => i.affiliate_uid === uid && i.referral_code === c.code);
        const ids = new Set(invitees.map((i) => i.invitee_uid));
        const facts = rows.filter((r) => ids.has(r.invitee_uid) && r.affiliate_uid === uid && r.week_start >= from && r.week_start <= to);
        expect({ code: c.code, invitees: c.invitees, traded: c.traded, rewards: c.rewards }).toEqual({
          code: c.code,
          invitees: invitees.length,
          traded: new Set(facts.filter(traded).map((r) => r.invitee_uid)).size,
          rewards: facts.reduce((s, r) => s + rewards(r), 0),
        });
      }
    }
  });

  it("invitees: filters, paging and the period's volume and commission per invitee", () => {
    const uid = biggest[0];
    const [from, to] = [weeks[0], weeks[11]];
    const latest = [...latestByInvitee(rows).values()].filter((i) => i.affiliate_uid === uid);
    const all = listInvitees(database, uid, { ipage: 1 }, { from, to }, null);
    expect(all.total).toBe(latest.length);
    const page = listInvitees(database, uid, { ipage: 1 }, { from, to }, { offset: 0, limit: 20 });
    expect(page.rows).toHaveLength(Math.min(20, latest.length));
    for (const r of page.rows) {
      const facts = rows.filter((x) => x.invitee_uid === r.uid && x.affiliate_uid === uid && x.week_start >= from && x.week_start <= to);
      expect(r.volume).toBe(facts.reduce((s, x) => s + cents(x.spot_volume_usd) + cents(x.futures_volume_usd) + cents(x.options_volume_usd), 0));
      expect(r.commission).toBe(facts.reduce((s, x) => s + rewards(x), 0));
    }
    const verified = listInvitees(database, uid, { ipage: 1, istage: "verified" }, { from, to }, null);
    expect(verified.total).toBe(latest.filter((i) => i.verified_at).length);
    const vip = listInvitees(database, uid, { ipage: 1, ivip: 0, icountry: latest[0].country }, { from, to }, null);
    expect(vip.total).toBe(latest.filter((i) => i.vip_level === "0" && i.country === latest[0].country).length);
  });
});
