import { describe, expect, it } from "vitest";
import { isStale, whatMoved } from "../../app/domain/health-view";
import type { MeasureResult } from "../../app/domain/health";

const m = (key: MeasureResult["key"], score: number, missing = false): MeasureResult => ({ key, label: key, score, weight: 10, reason: `${key} ${score}`, missing });

describe("the health card", () => {
  it("is stale when the newest week ended more than 8 days ago", () => {
    expect(isStale("2026-11-09", "2026-11-23")).toBe(false); // the week ended 15 Nov: 8 days
    expect(isStale("2026-11-09", "2026-11-24")).toBe(true);
    expect(isStale(null, "2026-11-24")).toBe(false);
  });

  it("says what moved the score, largest change first, ignoring missing measures", () => {
    const moved = whatMoved([m("volumeTrend", 20), m("engagement", 90), m("incidents", 100), m("funnel", 0, true)], [m("volumeTrend", 70), m("engagement", 80), m("incidents", 100), m("funnel", 50)]);
    expect(moved.map((x) => [x.key, x.change])).toEqual([
      ["volumeTrend", -50],
      ["engagement", 10],
    ]);
    expect(whatMoved([m("volumeTrend", 20)], null)).toEqual([]);
  });
});
