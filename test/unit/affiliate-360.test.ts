import { describe, expect, it } from "vitest";
import { crossProduct, funnelStages, median, teamMedians } from "../../app/domain/affiliate-360";
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
