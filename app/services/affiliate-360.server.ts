import type { AppDatabase } from "../../db";
import { crossProduct, funnelStages } from "../domain/affiliate-360";
import { INVITEE_PAGE_SIZE, type InviteeQuery } from "../domain/invitee-query";
import { EMPTY_KPIS, periodEnd, totalRewards, totalVolume } from "../domain/kpis";
import type { Period } from "../domain/period";
import { maturity, tenureMonths } from "../domain/tenure";
import { countryBreakdown, funnelByAffiliate, listInvitees, referralCodeStats, weeklyPoints } from "../models/affiliate-detail.server";
import { listAffiliatesWithOwner } from "../models/affiliates.server";
import { cachedKpisByAffiliate, memoByData } from "../models/kpis.server";

/** Everything the 360° page shows for one affiliate and period (the affiliate exists). */
export function loadAffiliate360(database: AppDatabase, uid: string, joinedAt: string | null, period: Period, iq: InviteeQuery) {
  const end = periodEnd(period.to);
  const all = cachedKpisByAffiliate(database, period.from, period.to);
  const kpis = all.get(uid) ?? EMPTY_KPIS;
  const previous = cachedKpisByAffiliate(database, period.previous.from, period.previous.to).get(uid) ?? EMPTY_KPIS;

  // Peers of similar tenure: the same maturity band at the period's end.
  const band = maturity(tenureMonths(joinedAt, end));
  const roster = memoByData(database, "roster", () => listAffiliatesWithOwner(database));
  const funnels = memoByData(database, `funnel|${period.from}|${end}`, () => funnelByAffiliate(database, period.from, end));
  const peers = roster.filter((a) => a.uid !== uid && maturity(tenureMonths(a.joinedAt, end)) === band).map((a) => funnels.get(a.uid)).filter((f) => f !== undefined);
  const own = funnels.get(uid) ?? { referrals: 0, verified: 0, deposited: 0, firstTrades: 0 };
  const team = roster.filter((a) => a.managerId != null).map((a) => all.get(a.uid) ?? EMPTY_KPIS);

  const invitees = listInvitees(database, uid, iq, period, { offset: (iq.ipage - 1) * INVITEE_PAGE_SIZE, limit: INVITEE_PAGE_SIZE });
  return {
    kpis: { ...kpis, totalVolume: totalVolume(kpis), totalRewards: totalRewards(kpis) },
    previous: { ...previous, totalVolume: totalVolume(previous), totalRewards: totalRewards(previous) },
    weekly: weeklyPoints(database, uid, period.from, period.to),
    funnel: funnelStages(own, peers),
    peerBand: band,
    crossProduct: crossProduct(kpis, previous, team),
    countries: countryBreakdown(database, uid, period.from, period.to),
    codes: referralCodeStats(database, uid, period.from, period.to),
    invitees: { ...invitees, page: iq.ipage, pages: Math.max(1, Math.ceil(invitees.total / INVITEE_PAGE_SIZE)) },
  };
}
