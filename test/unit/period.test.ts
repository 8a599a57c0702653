import { describe, expect, it } from "vitest";
import { delta, resolvePeriod } from "../../app/domain/period";

describe("the reporting period", () => {
  const latest = "2026-11-09";
  it("ends the last N weeks with the newest week that has data", () => {
    const p = resolvePeriod({ period: "4w" }, latest, "2026-11-20");
    expect(p).toMatchObject({ from: "2026-10-19", to: "2026-11-09", weeks: 4, previous: { from: "2026-09-21", to: "2026-10-12" } });
    expect(p.label).toBe("Last 4 weeks: 19 Oct 2026 – 15 Nov 2026 (4 weeks)");
  });

  it("defaults to 12 weeks, and to the last complete week before any data", () => {
    expect(resolvePeriod({}, latest, "2026-11-20")).toMatchObject({ key: "12w", from: "2026-08-24", to: "2026-11-09" });
    expect(resolvePeriod({ period: "4w" }, null, "2026-11-20")).toMatchObject({ to: "2026-11-09" });
  });

  it("takes the whole weeks of a quarter", () => {
    expect(resolvePeriod({ period: "this-quarter" }, latest, "2026-11-20")).toMatchObject({ from: "2026-10-05", to: "2026-11-09", weeks: 6 });
    expect(resolvePeriod({ period: "last-quarter" }, latest, "2026-11-20")).toMatchObject({ from: "2026-07-06", to: "2026-09-28", weeks: 13 });
    // January: the previous quarter is in the year before.
    expect(resolvePeriod({ period: "last-quarter" }, "2027-01-11", "2027-01-15")).toMatchObject({ from: "2026-10-05", to: "2026-12-28" });
  });

  it("accepts custom whole weeks and falls back when they are reversed", () => {
    expect(resolvePeriod({ period: "custom", from: "2026-10-05", to: "2026-10-19" }, latest, "2026-11-20")).toMatchObject({ key: "custom", weeks: 3 });
    expect(resolvePeriod({ period: "custom", from: "2026-10-19", to: "2026-10-05" }, latest, "2026-11-20")).toMatchObject({ key: "12w" });
  });

  it("computes Δ and Δ%", () => {
    expect(delta(150, 100)).toEqual({ abs: 50, pct: 0.5 });
    expect(delta(5, 0)).toEqual({ abs: 5, pct: null });
  });
});
