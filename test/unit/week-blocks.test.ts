import { addDays, differenceInCalendarDays, format } from "date-fns";
import { describe, expect, it } from "vitest";
import { weekBlock, weekIndex, WEEKS_PER_BLOCK } from "../../app/domain/week-blocks";
import { blockWeeks } from "../../app/domain/weeks";

describe("week numbers by day arithmetic", () => {
  it("match the calendar's day count from the Monday 1970-01-05, every day from 1960 to 2110", () => {
    const epoch = new Date(1970, 0, 5);
    let mismatches = 0;
    for (let d = new Date(1960, 0, 1); d.getFullYear() < 2110; d = addDays(d, 1)) {
      const iso = format(d, "yyyy-MM-dd");
      if (weekIndex(iso) !== Math.floor(differenceInCalendarDays(d, epoch) / 7)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("place a block's first and last weeks in it, at its first and last bit", () => {
    for (const block of [0, 1, 55, 56, 57, 120]) {
      const { from, to } = blockWeeks(block);
      expect(weekBlock(from)).toEqual({ block, bit: 0 });
      expect(weekBlock(to)).toEqual({ block, bit: WEEKS_PER_BLOCK - 1 });
    }
    expect(weekBlock("1970-01-05")).toEqual({ block: 0, bit: 0 });
    expect(weekBlock("1970-01-04").block).toBe(-1);
  });
});
