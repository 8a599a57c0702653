import { describe, expect, it } from "vitest";
import { crossProduct } from "~/domain/affiliate-360";
import { EMPTY_KPIS } from "~/domain/kpis";
import { GAP_MEDIAN_FLOOR, upsellGap, upsellOutcome } from "~/domain/upsell";

const series = [
  { weekStart: "2026-03-16", adopters: 7 },
  { weekStart: "2026-03-02", adopters: 4 },
  { weekStart: "2026-03-09", adopters: 5 },
  { weekStart: "2026-03-23", adopters: 9 },
];

describe("upsellOutcome", () => {
  it("compares the newest week from the task's week onward with the last week before it", () => {
    const o = upsellOutcome(series, "2026-03-16");
    expect(o.before).toBe(5);
    expect(o.beforeWeek).toBe("2026-03-09");
    expect(o.after.map((p) => p.adopters)).toEqual([7, 9]);
    expect(o.latest).toBe(9);
    expect(o.change).toBe(4);
    expect(o.converted).toBe(true);
  });

  it("is not converted when adopters did not rise", () => {
    const o = upsellOutcome([...series, { weekStart: "2026-03-30", adopters: 5 }], "2026-03-16");
    expect(o.latest).toBe(5);
    expect(o.converted).toBe(false);
  });

  it("cannot say without a week before or after", () => {
    expect(upsellOutcome(series, "2026-03-02").converted).toBeNull();
    expect(upsellOutcome(series, "2026-03-02").before).toBeNull();
    const none = upsellOutcome(series, "2026-04-06");
    expect(none.latest).toBeNull();
    expect(none.after).toEqual([]);
    expect(none.converted).toBeNull();
  });
});

describe("upsellGap", () => {
  it("is how far the share lies below the team median", () => {
    expect(upsellGap(0.1, 0.3)).toBeCloseTo(0.2);
    expect(upsellGap(0, 0.05)).toBeCloseTo(0.05);
    expect(upsellGap(0, GAP_MEDIAN_FLOOR)).toBeCloseTo(0.01);
  });

  it("marks no gap at or above the median, or without a share or a median", () => {
    expect(upsellGap(0.3, 0.3)).toBeNull();
    expect(upsellGap(0.4, 0.3)).toBeNull();
    expect(upsellGap(null, 0.3)).toBeNull();
    expect(upsellGap(0.1, null)).toBeNull();
  });

  it("marks no gap against a team median under the floor (1 %): the team hardly uses the product", () => {
    expect(GAP_MEDIAN_FLOOR).toBe(0.01);
    expect(upsellGap(0, 0.009)).toBeNull();
    expect(upsellGap(0, 0.0001)).toBeNull();
    expect(upsellGap(0, 0)).toBeNull();
  });

  it("is the gap of the affiliate page's cross-product rows", () => {
    // Team: futures used by ~30 %, options by 0.5 % (one adopter in 200 active invitees each).
    const member = (futures: number, options: number) => ({ ...EMPTY_KPIS, active: 200, futuresAdopters: futures, optionsAdopters: options });
    const team = [member(60, 1), member(50, 1), member(70, 1)];
    const rows = crossProduct({ ...EMPTY_KPIS, active: 100 }, EMPTY_KPIS, team);
    const futures = rows.find((r) => r.product === "futures")!;
    const options = rows.find((r) => r.product === "options")!;
    expect(futures.gap).toBeCloseTo(0.3);
    expect(options.teamMedian).toBeCloseTo(0.005);
    expect(options.share).toBe(0);
    expect(options.gap).toBeNull();
  });
});
