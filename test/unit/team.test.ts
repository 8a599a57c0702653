import { describe, expect, it } from "vitest";
import { EMPTY_KPIS, type Kpis } from "~/domain/kpis";
import { buildTeamRows, crossProductMatrix, MatrixQuery, queryMatrix, teamTotals, type MatrixRow, type TeamAffiliate } from "~/domain/team";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const DAY = 86_400_000;

const aff = (uid: string, o: Partial<TeamAffiliate>): TeamAffiliate => ({
  uid,
  name: uid.toUpperCase(),
  managerId: 1,
  tenureMonths: 8,
  healthBand: "healthy",
  totalVolume: 0,
  totalVolumePrev: 0,
  rewards: 0,
  rewardsPrev: 0,
  lastEngagementAt: null,
  ...o,
});

describe("buildTeamRows", () => {
  const managers = [
    { id: 1, name: "Maya" },
    { id: 2, name: "Omar" },
    { id: 3, name: "Nobody's" },
  ];
  const rows = buildTeamRows(
    managers,
    [
      aff("a", { tenureMonths: 6, totalVolume: 1000, totalVolumePrev: 800, rewards: 50, rewardsPrev: 100, lastEngagementAt: NOW - 29 * DAY }),
      aff("b", { tenureMonths: 5, healthBand: "at_risk", totalVolume: 500, lastEngagementAt: NOW - 31 * DAY }),
      aff("c", { tenureMonths: null, healthBand: null, lastEngagementAt: NOW + DAY }),
      aff("d", { managerId: 2, healthBand: "watch", totalVolume: 0, totalVolumePrev: 0 }),
      aff("e", { managerId: null, totalVolume: 99_999 }),
    ],
    { now: NOW, overdueTasks: new Map([[1, 3]]), openIncidents: new Map([[2, { SEV1: 1, SEV3: 2 }]]) },
  );

  it("counts affiliates, the matured ones (6+ months) and the health bands per manager", () => {
    expect(rows.map((r) => [r.name, r.affiliates, r.matured])).toEqual([
      ["Maya", 3, 1],
      ["Omar", 1, 1],
      ["Nobody's", 0, 0],
    ]);
    expect(rows[0].bands).toEqual({ healthy: 1, watch: 0, at_risk: 1, unscored: 1 });
  });

  it("sums volume and rewards with the change against the previous period", () => {
    expect(rows[0].volume).toEqual({ value: 1500, previous: 800, abs: 700, pct: 700 / 800 });
    expect(rows[0].rewards).toEqual({ value: 50, previous: 100, abs: -50, pct: -0.5 });
    expect(rows[1].volume.pct).toBeNull();
  });

  it("takes overdue tasks and open incidents from the maps, zero when absent", () => {
    expect(rows[0].overdueTasks).toBe(3);
    expect(rows[1].openIncidents).toEqual({ SEV1: 1, SEV2: 0, SEV3: 2, SEV4: 0 });
    expect(rows[2].openIncidents).toEqual({ SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 });
  });

  it("counts as covered an engagement within the last 30 days (not one in the future)", () => {
    expect(rows[0].contacted).toBe(1);
    expect(rows[0].coverage).toBeCloseTo(1 / 3);
    expect(rows[2].coverage).toBeNull();
  });

  it("totals the team over the rows, leaving out unassigned affiliates", () => {
    const t = teamTotals(rows);
    expect(t.affiliates).toBe(4);
    expect(t.volume.value).toBe(1500);
    expect(t.openIncidents).toBe(3);
    expect(t.coverage).toBeCloseTo(1 / 4);
  });
});

describe("crossProductMatrix", () => {
  const k = (active: number, futures: number, earn = 0): Kpis => ({ ...EMPTY_KPIS, active, futuresAdopters: futures, earnAdopters: earn });
  const who = (uid: string) => ({ uid, name: uid, managerId: 1, managerName: "Maya" });

  it("shares of active invitees per product, and medians over affiliates with at least 10 active", () => {
    const { rows, medians } = crossProductMatrix(
      [who("a"), who("b"), who("c"), who("d"), who("none")],
      new Map([
        ["a", k(10, 5, 1)],
        ["b", k(20, 2)],
        ["c", k(4, 4)],
        ["d", k(0, 0)],
      ]),
    );
    expect(rows.map((r) => r.uid)).toEqual(["a", "b", "c"]);
    expect(rows[0].shares).toEqual({ futures: 0.5, earn: 0.1, options: 0, web3_wallet: 0, fiat: 0 });
    expect(rows[2].shares.futures).toBe(1);
    // c has only 4 active invitees: not part of the median.
    expect(medians.futures).toBeCloseTo((0.5 + 0.1) / 2);
    expect(medians.earn).toBeCloseTo(0.05);
  });
});

describe("queryMatrix", () => {
  const row = (uid: string, name: string, managerId: number | null, active: number, futures: number | null): MatrixRow => ({
    uid,
    name,
    managerId,
    managerName: managerId ? `M${managerId}` : null,
    active,
    shares: { futures, earn: 0, options: 0, web3_wallet: 0, fiat: 0 },
  });
  const rows = [row("a", "Alpha", 1, 10, 0.5), row("b", "beta", 2, 30, null), row("c", "Gamma", 1, 20, 0.9), row("d", "Delta", null, 20, 0.1)];
  const uids = (q: Record<string, string>, size?: number) => queryMatrix(rows, MatrixQuery.parse(q), size).rows.map((r) => r.uid);

  it("sorts by active invitees, largest first, by default; ties by name", () => {
    expect(uids({})).toEqual(["b", "d", "c", "a"]);
    expect(queryMatrix(rows, MatrixQuery.parse({}))).toMatchObject({ sort: "active", dir: "desc", total: 4, page: 1, pages: 1, manager: null });
    expect(uids({ mdir: "asc" })).toEqual(["a", "d", "c", "b"]);
  });

  it("sorts names A→Z first (case aside) and shares with the empty ones last either way", () => {
    expect(uids({ msort: "name" })).toEqual(["a", "b", "d", "c"]);
    expect(uids({ msort: "name", mdir: "desc" })).toEqual(["c", "d", "b", "a"]);
    expect(uids({ msort: "futures" })).toEqual(["c", "a", "d", "b"]);
    expect(uids({ msort: "futures", mdir: "asc" })).toEqual(["d", "a", "c", "b"]);
  });

  it("filters by manager or the unassigned, and pages (a page past the last shows the last)", () => {
    expect(uids({ mmanager: "1" })).toEqual(["c", "a"]);
    expect(uids({ mmanager: "none" })).toEqual(["d"]);
    expect(uids({ mmanager: "9" })).toEqual([]);
    expect(uids({ mpage: "2" }, 3)).toEqual(["a"]);
    expect(queryMatrix(rows, MatrixQuery.parse({ mpage: "7" }), 3)).toMatchObject({ page: 2, pages: 2, total: 4 });
  });

  it("reads a bad parameter as its default", () => {
    expect(MatrixQuery.parse({ msort: "x", mdir: "up", mmanager: "-3", mpage: "0" })).toEqual({ msort: "active", mpage: 1 });
  });
});
