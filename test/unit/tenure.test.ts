import { describe, expect, it } from "vitest";
import { centsToDecimal, formatDate, formatUsd } from "../../app/domain/format";
import { format } from "date-fns";
import { calendarDate, maturity, tenureMonths } from "../../app/domain/tenure";

describe("tenure", () => {
  it("counts whole months from joined_at to the period end", () => {
    expect(tenureMonths("2026-01-15", "2026-07-14")).toBe(5);
    expect(tenureMonths("2026-01-15", "2026-07-15")).toBe(6);
    expect(tenureMonths("2024-05-01", "2026-11-16")).toBe(30);
    expect(tenureMonths(null, "2026-11-16")).toBeNull();
    expect(tenureMonths("2026-12-01", "2026-11-16")).toBe(0);
  });

  it("completes a month on the join day's date, month ends included", () => {
    expect(tenureMonths("2026-01-31", "2026-02-28")).toBe(0);
    expect(tenureMonths("2026-01-31", "2026-03-01")).toBe(1);
    expect(tenureMonths("2025-12-10", "2026-01-10")).toBe(1);
    expect(tenureMonths("2025-12-10", "2026-01-09")).toBe(0);
  });

  it("bands new < 6, maturing 6–12, mature 12+", () => {
    expect(maturity(5)).toBe("new");
    expect(maturity(6)).toBe("maturing");
    expect(maturity(11)).toBe("maturing");
    expect(maturity(12)).toBe("mature");
    expect(maturity(null)).toBeNull();
  });
});

describe("formatting at the edge", () => {
  it("formats cents and dates", () => {
    expect(formatUsd(123456)).toBe("$1,235");
    expect(formatUsd(123456, { cents: true })).toBe("$1,234.56");
    expect(centsToDecimal(5)).toBe("0.05");
    expect(centsToDecimal(123456)).toBe("1234.56");
    expect(formatDate("2026-11-16")).toBe("16 Nov 2026");
    expect(formatDate(null)).toBe("—");
    expect(formatDate("")).toBe("—");
  });

  it("formats dates as date-fns's d MMM yyyy does", () => {
    // Every day of four years (a leap year among them), and days past a month's end.
    for (let t = Date.UTC(2023, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      expect(formatDate(iso)).toBe(format(calendarDate(iso), "d MMM yyyy"));
    }
    expect(formatDate("2026-02-30")).toBe(format(calendarDate("2026-02-30"), "d MMM yyyy"));
    expect(formatDate("0999-03-04")).toBe("4 Mar 0999");
    expect(() => formatDate("2026-11")).toThrow(RangeError);
    expect(() => format(calendarDate("2026-11"), "d MMM yyyy")).toThrow(RangeError);
  });
});
