import type { AppDatabase } from "../../db";
import { crossProduct, funnelStages, peerRates, teamMedians } from "../domain/affiliate-360";
import { decodeMeasures } from "../domain/health";
import { isStale, whatMoved } from "../domain/health-view";
import { INVITEE_PAGE_SIZE, type InviteeQuery } from "../domain/invitee-query";
import { EMPTY_KPIS, periodEnd, totalRewards, totalVolume } from "../domain/kpis";
import type { Period } from "../domain/period";
import { maturity, tenureMonths } from "../domain/tenure";
import { addWeeks } from "../domain/weeks";
import { countryBreakdown, funnelByAffiliate, listInvitees, referralCodeStats, weeklyPoints } from "../models/affiliate-detail.server";
import { listAffiliatesWithOwner } from "../models/affiliates.server";
import { activeOverride, alertsOf, healthHistory } from "../models/health.server";
import { cachedKpisByAffiliate, memoByData, memoSmallByData, workVersion } from "../models/kpis.server";

/**
 * Everything the 360° page shows for one affiliate and period (the affiliate exists). The rows of
 * the invitees table are read only when that tab is open (`inviteeRows`); the count, shown in the
 * tab's label, always.
 */
export function loadAffiliate360(database: AppDatabase, uid: string, joinedAt: string | null, period: Period, iq: InviteeQuery, inviteeRows = true) {
  const end = periodEnd(period.to);
  const all = cachedKpisByAffiliate(database, period.from, period.to);
  const kpis = all.get(uid) ?? EMPTY_KPIS;
  const previous = cachedKpisByAffiliate(database, period.previous.from, period.previous.to).get(uid) ?? EMPTY_KPIS;

  // Peers of similar tenure: the same maturity band at the period's end.
  const band = maturity(tenureMonths(joinedAt, end));
  // Owners change with the work (reassignments), not only with imports.
  const roster = memoByData(database, `roster|${workVersion(database)}`, () => listAffiliatesWithOwner(database));
  const funnels = memoByData(database, `funnel|${period.from}|${end}`, () => funnelByAffiliate(database, period.from, end));
  // The band's funnels are the same for every affiliate of the band: their sorted conversions kept
  // per period, band and work version; each page leaves its own affiliate's out of the medians.
  const bandPeers = memoByData(database, `band-rates|${period.from}|${end}|${band}|${workVersion(database)}`, () => {
    const members = roster.filter((a) => maturity(tenureMonths(a.joinedAt, end)) === band && funnels.has(a.uid));
    return { uids: new Set(members.map((a) => a.uid)), rates: peerRates(members.map((a) => funnels.get(a.uid)!)) };
  });
  const own = funnels.get(uid) ?? { referrals: 0, verified: 0, deposited: 0, firstTrades: 0 };
  // The team's medians depend on the period only: computed once per period and data version.
  const team = memoByData(database, `teamMedians|${period.from}|${period.to}|${workVersion(database)}`, () =>
    teamMedians(roster.filter((a) => a.managerId != null).map((a) => all.get(a.uid) ?? EMPTY_KPIS)),
  );

  // One page of invitees (or their count alone) for these filters: kept until the data changes.
  const invitees = memoSmallByData(database, `invitees|${uid}|${period.from}|${period.to}|${inviteeRows}|${JSON.stringify(iq)}`, () =>
    listInvitees(database, uid, iq, period, { offset: (iq.ipage - 1) * INVITEE_PAGE_SIZE, limit: inviteeRows ? INVITEE_PAGE_SIZE : 0 }),
  );
  return {
    kpis: { ...kpis, totalVolume: totalVolume(kpis), totalRewards: totalRewards(kpis) },
    previous: { ...previous, totalVolume: totalVolume(previous), totalRewards: totalRewards(previous) },
    weekly: weeklyPoints(database, uid, period.from, period.to),
    funnel: funnelStages(own, { rates: bandPeers.rates, ownIncluded: bandPeers.uids.has(uid) }),
    peerBand: band,
    crossProduct: crossProduct(kpis, previous, team),
    // Countries and referral-code figures come from every affiliate's, computed once per period
    // and data version (the models keep them); the rows for this affiliate kept beside.
    countries: countryBreakdown(database, uid, period.from, period.to),
    codes: memoSmallByData(database, `codes|${uid}|${period.from}|${period.to}`, () => referralCodeStats(database, uid, period.from, period.to)),
    invitees: { ...invitees, page: iq.ipage, pages: Math.max(1, Math.ceil(invitees.total / INVITEE_PAGE_SIZE)) },
  };
}

/** The Health tab: history, the newest snapshot's measures, what moved it, the override, the alerts. */
export function affiliateHealth(database: AppDatabase, uid: string, latestWeek: string | null, today: string) {
  const history = healthHistory(database, uid);
  const latest = history.at(-1) ?? null;
  const earlier = latest ? (history.find((h) => h.week === addWeeks(latest.week, -4)) ?? null) : null;
  const detail = latest ? decodeMeasures(latest.stored, latest.score) : null;
  return {
    history: history.map((h) => ({ week: h.week, score: h.score })),
    latest: latest ? { week: latest.week, score: latest.score, band: latest.band, measures: detail?.measures ?? [], note: detail?.note ?? null } : null,
    trend: latest && earlier && latest.score != null && earlier.score != null ? latest.score - earlier.score : null,
    moved: latest ? whatMoved(detail?.measures ?? [], earlier ? (decodeMeasures(earlier.stored, earlier.score)?.measures ?? null) : null) : [],
    override: activeOverride(database, uid) ?? null,
    alerts: alertsOf(database, uid),
    stale: isStale(latestWeek, today),
    latestWeek,
  };
}
