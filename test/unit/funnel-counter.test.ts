import { describe, expect, it } from "vitest";
import { FunnelCounter, type FunnelChunk } from "../../app/domain/funnel-counter";

const cells = (chunks: Iterable<FunnelChunk>) => {
  const out: [string, number[]][] = [];
  for (const { keys, counts } of chunks) keys.split("\u001e").forEach((k, i) => out.push([k.replaceAll("\u001f", "|"), Array.from(counts.subarray(i * 4, i * 4 + 4))]));
  return out;
};

describe("funnel cells counted from invitees' dates", () => {
  it("counts each date in its Monday's cell, per affiliate and country, in key order", () => {
    const f = new FunnelCounter(["20", "10"]);
    f.add("20", "DE", "2026-11-04", "2026-11-05", null, "2026-11-10", 1);
    f.add("10", null, "2026-11-08", null, "2026-11-08", null, 1);
    f.add("20", "DE", "2026-11-02", null, null, null, 1);
    expect(cells(f.chunks(2))).toEqual([
      ["10|2026-11-02|", [1, 0, 1, 0]],
      ["20|2026-11-02|DE", [2, 1, 0, 0]],
      ["20|2026-11-09|DE", [0, 0, 0, 1]],
    ]);
  });

  it("nets another counter's cells with contributions taken out: nothing left to write", () => {
    const worker = new FunnelCounter();
    worker.add("10", "VN", "2026-11-04", "2026-11-05", null, null, 1);
    worker.add("11", "VN", "2026-10-01", null, null, null, 1);
    const writer = new FunnelCounter();
    for (const chunk of worker.chunks(1)) writer.addChunk(chunk);
    writer.add("10", "VN", "2026-11-04", "2026-11-05", null, null, -1);
    expect(cells(writer.chunks(10))).toEqual([["11|2026-09-28|VN", [1, 0, 0, 0]]]);
    writer.add("11", "VN", "2026-10-01", null, null, null, -1);
    expect(cells(writer.chunks(10))).toEqual([]);
  });
});
