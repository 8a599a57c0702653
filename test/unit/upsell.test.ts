import { describe, expect, it } from "vitest";
import { upsellOutcome } from "~/domain/upsell";

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
