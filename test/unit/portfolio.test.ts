import { describe, expect, it } from "vitest";
import { EMPTY_KPIS, type Kpis } from "../../app/domain/kpis";
import { pageOf } from "../../app/domain/paging";
import { buildPortfolioRows, portfolioSummary, PortfolioQuery, portfolioViewKey, queryPortfolio, sortPortfolio } from "../../app/domain/portfolio";

const base = (uid: string, over: Partial<Parameters<typeof buildPortfolioRows>[0][number]> = {}) => ({
  uid,
  name: `Aff ${uid}`,
  type: "kol",
  country: "VN",
  language: "vi",
  tier: "Gold",
  joinedAt: "2025-01-01",
  managerId: 1,
  managerName: "Maya",
  status: "active",
  ...over,
});

const k = (over: Partial<Kpis>): Kpis => ({ ...EMPTY_KPIS, ...over });

function rows() {
  return buildPortfolioRows(
    [base("1"), base("2", { managerId: 2, type: "network", country: "BR" }), base("3", { joinedAt: "2026-09-01" }), base("4", { managerId: null })],
    {
      periodEnd: "2026-11-15",
      kpis: new Map([
        ["1", k({ spotVolume: 1000, traded: 5, spotCommission: 10, futuresAdopters: 1, earnAdopters: 2 })],
        ["2", k({ spotVolume: 3000, traded: 1 })],
        ["3", k({ spotVolume: 2000 })],
      ]),
      previous: new Map([["1", k({ spotVolume: 500, traded: 4, spotCommission: 5 })]]),
      lastEngagement: new Map([["2", 1000]]),
      openTasks: new Map([["1", 2]]),
      openIncidents: new Map([["2", { count: 1, worst: "SEV2" }]]),
      codes: new Map([["1", ["ALPHA"]]]),
    },
  );
}

describe("the portfolio list", () => {
  it("derives tenure, Δ%, breadth and open work per row", () => {
    const [one, two, three] = rows();
    expect(one).toMatchObject({ tenureMonths: 22, maturity: "mature", totalVolume: 1000, volumeDeltaPct: 1, rewards: 10, breadth: 2, openTasks: 2 });
    expect(two).toMatchObject({ volumeDeltaPct: null, openIncidents: 1, worstIncident: "SEV2", lastEngagementAt: 1000 });
    expect(three).toMatchObject({ tenureMonths: 2, maturity: "new" });
  });

  it("shows a manager their own matured affiliates by default, and a lead the team's", () => {
    const q = PortfolioQuery.parse({});
    expect(queryPortfolio(rows(), q, { id: 1, role: "manager" }).rows.map((r) => r.uid)).toEqual(["1"]);
    expect(queryPortfolio(rows(), q, { id: 9, role: "lead" }).rows.map((r) => r.uid)).toEqual(["2", "1"]);
    expect(queryPortfolio(rows(), PortfolioQuery.parse({ scope: "all", maturity: "all" }), { id: 9, role: "lead" }).filtered).toHaveLength(4);
  });

  it("takes the rows in an order the caller keeps, and filters them in that order", () => {
    const all = PortfolioQuery.parse({ scope: "all", maturity: "all", sort: "name", dir: "asc" });
    const calls: string[] = [];
    const kept: typeof sortPortfolio = (r, sort, dir) => {
      calls.push(`${sort} ${dir}`);
      return sortPortfolio(r, sort, dir);
    };
    const got = queryPortfolio(rows(), all, { id: 9, role: "lead" }, kept).filtered.map((r) => r.name);
    expect(calls).toEqual(["name asc"]);
    expect(got).toEqual(queryPortfolio(rows(), all, { id: 9, role: "lead" }).filtered.map((r) => r.name));
    expect(got).toEqual([...got].sort((a, b) => a.localeCompare(b)));
  });

  it("filters by search (name, uid, referral code), type, country and open incident", () => {
    const all = { scope: "all", maturity: "all" };
    const uids = (extra: Record<string, string>) => queryPortfolio(rows(), PortfolioQuery.parse({ ...all, ...extra }), { id: 9, role: "lead" }).filtered.map((r) => r.uid).sort();
    expect(uids({ q: "alpha" })).toEqual(["1"]);
    expect(uids({ q: "3" })).toEqual(["3"]);
    expect(uids({ type: "network" })).toEqual(["2"]);
    expect(uids({ country: "br" })).toEqual(["2"]);
    expect(uids({ incident: "open" })).toEqual(["2"]);
    expect(uids({ maturity: "new" })).toEqual(["3"]);
  });

  it("sorts either way with empty values last, and pages", () => {
    const q = (extra: Record<string, string>) => PortfolioQuery.parse({ scope: "all", maturity: "all", ...extra });
    expect(queryPortfolio(rows(), q({ sort: "volume", dir: "asc" }), { id: 9, role: "lead" }).rows.map((r) => r.uid)).toEqual(["4", "1", "3", "2"]);
    expect(queryPortfolio(rows(), q({ sort: "volumeDelta", dir: "desc" }), { id: 9, role: "lead" }).rows[0].uid).toBe("1");
    const paged = queryPortfolio(rows(), q({ sort: "name", dir: "asc", size: "25", page: "9" }), { id: 9, role: "lead" });
    expect(paged).toMatchObject({ page: 1, pages: 1 });
    expect(PortfolioQuery.parse({ size: "7", sort: "nonsense" })).toMatchObject({ size: 25, sort: "volume" });
  });

  it("keys a view by its filters and sort, not by its page", () => {
    const key = (extra: Record<string, string>) => portfolioViewKey(PortfolioQuery.parse({ scope: "all", ...extra }));
    expect(key({ page: "3", size: "50" })).toBe(key({}));
    const changes: Record<string, string>[] = [{ sort: "name" }, { dir: "asc" }, { q: "alpha" }, { type: "kol" }, { country: "BR" }, { language: "es" }, { tier: "Gold" }, { maturity: "all" }, { incident: "open" }, { band: "at_risk" }, { manager: "none" }, { period: "4w" }];
    for (const extra of changes) expect(key(extra), JSON.stringify(extra)).not.toBe(key({}));
    expect(key({ scope: "mine" })).not.toBe(key({}));
  });

  it("pages a view, showing the last page for a page past it", () => {
    const items = Array.from({ length: 60 }, (_, i) => i);
    expect(pageOf(items, { page: 2, size: 25 })).toEqual({ page: 2, pages: 3, rows: items.slice(25, 50) });
    expect(pageOf(items, { page: 9, size: 25 })).toEqual({ page: 3, pages: 3, rows: items.slice(50) });
    expect(pageOf([], { page: 1, size: 25 })).toEqual({ page: 1, pages: 1, rows: [] });
  });

  it("reads absent and invalid query fields as their defaults", () => {
    const defaults = { maturity: "matured", sort: "volume", dir: "desc", page: 1, size: 25 };
    expect(PortfolioQuery.parse({})).toEqual(defaults);
    expect(PortfolioQuery.parse({ maturity: "old", sort: "x", dir: "up", page: "0", size: "" })).toEqual(defaults);
    expect(PortfolioQuery.parse({ maturity: "all", sort: "name", dir: "asc", page: "4", size: "100" })).toEqual({ maturity: "all", sort: "name", dir: "asc", page: 4, size: 100 });
  });

  it("sums the summary cards with their Δ", () => {
    const s = portfolioSummary(rows());
    expect(s.volume).toEqual({ value: 6000, abs: 5500, pct: 11 });
    expect(s.traded).toMatchObject({ value: 6, abs: 2 });
  });
});
