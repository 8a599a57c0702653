import { describe, expect, it } from "vitest";
import { crossProduct, funnelStages, median, peerRates, sortedMedianWithout, teamMedians, type FunnelCounts } from "../../app/domain/affiliate-360";
import { EMPTY_KPIS } from "../../app/domain/kpis";

describe("the 360° page's arithmetic", () => {
  it("takes medians", () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("converts stage to stage and compares with peers that have a cohort", () => {
    const stages = funnelStages({ referrals: 100, verified: 60, deposited: 30, firstTrades: 15 }, [
      { referrals: 10, verified: 5, deposited: 5, firstTrades: 5 },
      { referrals: 20, verified: 16, deposited: 8, firstTrades: 2 },
      { referrals: 2, verified: 2, deposited: 2, firstTrades: 2 }, // too small: left out
    ]);
    expect(stages.map((s) => s.conversion)).toEqual([null, 0.6, 0.5, 0.5]);
    expect(stages[1].peerMedian).toBeCloseTo(0.65); // median of 0.5 and 0.8
    expect(stages[2].peerMedian).toBe(0.75); // 1.0 (5/5) and 0.5 (8/16)
  });

  it("takes the median of sorted values without one of them", () => {
    expect(sortedMedianWithout([], null)).toBeNull();
    expect(sortedMedianWithout([1], 1)).toBeNull();
    expect(sortedMedianWithout([1, 2, 3], null)).toBe(2);
    expect(sortedMedianWithout([1, 2, 3], 1)).toBe(2.5);
    expect(sortedMedianWithout([1, 2, 3], 3)).toBe(1.5);
    expect(sortedMedianWithout([1, 2, 2, 3], 2)).toBe(2);
    expect(sortedMedianWithout([1, 2, 3, 4], 4)).toBe(2);
    expect(sortedMedianWithout([1, 2, 3, 4], 9)).toBe(2.5); // not among them: nothing left out
  });

  it("gives each affiliate of a group the medians of the others, as from their funnels", () => {
    // A group with ties, small cohorts and an affiliate without any; every member compared with
    // the funnels of the others, the way the page computed it before the group's rates were kept.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const group: FunnelCounts[] = Array.from({ length: 41 }, () => {
      const referrals = rnd(40);
      const verified = rnd(referrals + 1);
      const deposited = rnd(verified + 1);
      return { referrals, verified, deposited, firstTrades: rnd(deposited + 1) };
    });
    const rates = peerRates(group);
    group.forEach((own, i) => {
      const others = group.filter((_, j) => j !== i);
      expect(funnelStages(own, { rates, ownIncluded: true })).toEqual(funnelStages(own, others));
    });
    // An affiliate outside the group is compared with all of it.
    const outsider = { referrals: 50, verified: 25, deposited: 10, firstTrades: 5 };
    expect(funnelStages(outsider, { rates, ownIncluded: false })).toEqual(funnelStages(outsider, group));
    expect(funnelStages(outsider, group)[1].peerMedian).toBe(median(group.filter((f) => f.referrals >= 5).map((f) => f.verified / f.referrals)));
  });

  it("marks products below the team median as gaps", () => {
    const own = { ...EMPTY_KPIS, active: 100, futuresAdopters: 10, earnAdopters: 50 };
    const team = [
      { ...EMPTY_KPIS, active: 100, futuresAdopters: 40, earnAdopters: 20 },
      { ...EMPTY_KPIS, active: 50, futuresAdopters: 10, earnAdopters: 10 },
      { ...EMPTY_KPIS, active: 5, futuresAdopters: 5, earnAdopters: 5 }, // too few active: left out
    ];
    const rows = crossProduct(own, { ...EMPTY_KPIS, active: 80, futuresAdopters: 16 }, team);
    const futures = rows.find((r) => r.product === "futures")!;
    expect(futures).toMatchObject({ adopters: 10, share: 0.1, previousShare: 0.2 });
    expect(futures.teamMedian).toBeCloseTo(0.3);
    expect(futures.gap).toBeCloseTo(0.2);
    expect(rows.find((r) => r.product === "earn")!.gap).toBeNull();
    // The team medians computed once (per period) give the same rows as the team itself.
    const medians = teamMedians(team);
    expect(medians.futures).toBeCloseTo(0.3);
    expect(medians.options).toBe(0); // everyone counted has 0 options adopters
    expect(crossProduct(own, { ...EMPTY_KPIS, active: 80, futuresAdopters: 16 }, medians)).toEqual(rows);
    expect(teamMedians([]).futures).toBeNull();
  });
});
