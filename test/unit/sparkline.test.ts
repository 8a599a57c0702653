import { describe, expect, it } from "vitest";
import { sparklinePoints } from "~/domain/sparkline";

describe("sparklinePoints", () => {
  it("scales the series to its maximum, 2 px inside the top and bottom, weeks evenly across", () => {
    expect(sparklinePoints([0, 10], 70, 24)).toBe("0.0,22.0 70.0,2.0");
    expect(sparklinePoints([5, 10, 0], 70, 24)).toBe("0.0,12.0 35.0,2.0 70.0,22.0");
    expect(sparklinePoints([3, 6], 56, 18)).toBe("0.0,9.0 56.0,2.0");
  });

  it("draws zeros along the bottom, one week at the left, nothing for no weeks", () => {
    expect(sparklinePoints([0, 0, 0])).toBe("0.0,22.0 35.0,22.0 70.0,22.0");
    expect(sparklinePoints([4])).toBe("0.0,2.0");
    expect(sparklinePoints([])).toBe("");
  });
});
