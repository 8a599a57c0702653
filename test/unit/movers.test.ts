import { describe, expect, it } from "vitest";
import { findMovers, moverInputs, MOVERS_SHOWN, moversToShow, type MoverInput } from "~/domain/movers";

const row = (uid: string, o: Partial<MoverInput>): MoverInput => ({
  uid,
  name: uid.toUpperCase(),
  managerId: 1,
  scoreThen: 60,
  scoreNow: 60,
  bandThen: "watch",
  bandNow: "watch",
  volumeThen: 1000,
  volumeNow: 1000,
  ...o,
});

describe("findMovers", () => {
  const rows = [
    row("a", { scoreThen: 80, scoreNow: 45, bandThen: "healthy", bandNow: "at_risk", volumeNow: 400 }),
    row("b", { scoreThen: 40, scoreNow: 70, bandThen: "at_risk", bandNow: "watch", volumeNow: 5000 }),
    row("c", { scoreThen: 70, scoreNow: 60, volumeThen: 0, volumeNow: 300 }),
    row("d", { scoreThen: null, scoreNow: 30, bandThen: null, bandNow: "at_risk" }),
    row("e", { scoreThen: 45, scoreNow: null, bandThen: "at_risk", bandNow: null }),
  ];
  const m = findMovers(rows, 2);

  it("ranks score drops and gains by size, leaving out affiliates without both scores", () => {
    expect(m.scoreDrops.map((x) => [x.uid, x.scoreChange])).toEqual([["a", -35], ["c", -10]]);
    expect(m.scoreGains.map((x) => [x.uid, x.scoreChange])).toEqual([["b", 30]]);
  });

  it("ranks volume falls and rises by absolute change, with the share when there was volume before", () => {
    expect(m.volumeFalls.map((x) => [x.uid, x.volumeChange, x.volumeChangePct])).toEqual([["a", -600, -0.6]]);
    expect(m.volumeRises.map((x) => [x.uid, x.volumeChange])).toEqual([["b", 4000], ["c", 300]]);
    expect(m.volumeRises[1].volumeChangePct).toBeNull();
  });

  it("lists every affiliate that entered or left at risk", () => {
    expect(m.newlyAtRisk.map((x) => x.uid)).toEqual(["a", "d"]);
    expect(m.recovered.map((x) => x.uid)).toEqual(["b"]);
  });

  it("breaks ties by name", () => {
    const tied = findMovers([row("z", { scoreNow: 50 }), row("y", { scoreNow: 50 })]);
    expect(tied.scoreDrops.map((x) => x.uid)).toEqual(["y", "z"]);
  });
});

describe("moverInputs", () => {
  it("pairs snapshots and volumes, leaving out affiliates with nothing at either end", () => {
    const inputs = moverInputs(
      [
        { uid: "a", name: "A", managerId: 1 },
        { uid: "b", name: "B", managerId: null },
        { uid: "c", name: "C", managerId: 2 },
      ],
      new Map([["a", { score: 70, band: "healthy" as const }]]),
      new Map([["a", { score: 40, band: "at_risk" as const }]]),
      new Map([["b", { then: 100, now: 0 }]]),
    );
    expect(inputs).toEqual([
      { uid: "a", name: "A", managerId: 1, scoreThen: 70, scoreNow: 40, bandThen: "healthy", bandNow: "at_risk", volumeThen: 0, volumeNow: 0 },
      { uid: "b", name: "B", managerId: null, scoreThen: null, scoreNow: null, bandThen: null, bandNow: null, volumeThen: 100, volumeNow: 0 },
    ]);
  });
});

describe("moversToShow", () => {
  it("sends each list's first entries and its length, and the whole of the lists expanded", () => {
    const many: MoverInput[] = Array.from({ length: 20 }, (_, i) => ({ uid: String(i), name: `A${String(i).padStart(2, "0")}`, managerId: 1, scoreThen: 70, scoreNow: 30, bandThen: "watch", bandNow: "at_risk", volumeThen: 100, volumeNow: 50 + i }));
    const movers = findMovers(many, 10);
    expect(movers.newlyAtRisk).toHaveLength(20);
    const shown = moversToShow(movers, new Set());
    expect(shown.lists.newlyAtRisk.map((m) => m.uid)).toEqual(movers.newlyAtRisk.slice(0, MOVERS_SHOWN).map((m) => m.uid));
    expect(shown.counts).toMatchObject({ newlyAtRisk: 20, recovered: 0, scoreDrops: 10, volumeFalls: 10 });
    expect(shown.lists.scoreDrops).toHaveLength(MOVERS_SHOWN);
    const open = moversToShow(movers, new Set(["newlyAtRisk"]));
    expect(open.lists.newlyAtRisk).toHaveLength(20);
    expect(open.lists.scoreDrops).toHaveLength(MOVERS_SHOWN);
  });
});
