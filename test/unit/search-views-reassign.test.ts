import { describe, expect, it } from "vitest";
import { parseReassignForm } from "../../app/domain/reassign";
import { canEditView, canSeeView, hiddenColumnsOf, normalizeViewQuery, PORTFOLIO_HIDEABLE_COLUMNS, SaveViewForm } from "../../app/domain/saved-views";
import { classifyQuery, matchActions, matchPages, pagesFor } from "../../app/domain/search";
import { PortfolioQuery } from "../../app/domain/portfolio";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("the reassignment form", () => {
  it("reads repeated or comma-separated uids, the manager, the reason and the tasks choice", () => {
    const r = parseReassignForm(form([["uid", "1"], ["uid", "2,3"], ["managerId", "4"], ["reason", "  leave  "], ["moveTasks", "on"]]));
    expect(r.success && r.data).toEqual({ uids: ["1", "2", "3"], managerId: 4, reason: "leave", moveTasks: true });
    const off = parseReassignForm(form([["uid", "1"], ["managerId", "4"], ["reason", "leave"]]));
    expect(off.success && off.data.moveTasks).toBe(false);
  });
  it("refuses no affiliate, no manager, no reason, a bad uid", () => {
    const r = parseReassignForm(form([["uid", "abc"], ["reason", ""]]));
    expect(r.success).toBe(false);
    const e = !r.success ? r.error.flatten().fieldErrors : {};
    expect(Object.keys(e).sort()).toEqual(["managerId", "reason", "uids"]);
  });
});

describe("global search helpers", () => {
  it("tells uids and code-like tokens from free text", () => {
    expect(classifyQuery(" 0123 ")).toEqual({ text: "0123", uid: "0123", code: "0123" });
    expect(classifyQuery("Q9E8BCE")).toMatchObject({ uid: null, code: "Q9E8BCE" });
    expect(classifyQuery("dunia kripto")).toMatchObject({ uid: null, code: null });
  });
  it("offers pages by role and by every typed word", () => {
    expect(pagesFor("manager").map((p) => p.label)).toEqual(["Portfolio", "Tasks", "Incidents", "Imports"]);
    expect(pagesFor("admin").map((p) => p.label)).toContain("Health settings");
    expect(matchPages("lead", "health set").map((p) => p.to)).toEqual(["/settings/health"]);
    expect(matchPages("lead", "workload").map((p) => p.to)).toEqual(["/team"]);
    expect(matchPages("manager", "workload")).toEqual([]);
    expect(matchActions("new inc").map((a) => a.to)).toEqual(["/incidents/new"]);
    expect(matchActions("kripto")).toEqual([]);
  });
});

describe("saved views", () => {
  it("keep the search without the page, and the known visible columns", () => {
    expect(normalizeViewQuery("?type=kol&page=4&view=2&sort=name")).toBe("?type=kol&sort=name");
    expect(normalizeViewQuery("page=2")).toBe("");
    const r = SaveViewForm.parse({ name: " KOLs ", query: "type=kol", columns: "type,nope,health" });
    expect(r).toEqual({ name: "KOLs", shared: false, query: "?type=kol", columns: ["type", "health"] });
  });
  it("restore the hidden columns from the visible ones", () => {
    expect(hiddenColumnsOf(null)).toBeNull();
    expect(hiddenColumnsOf([...PORTFOLIO_HIDEABLE_COLUMNS])).toEqual([]);
    expect(hiddenColumnsOf(["type"])).toEqual(PORTFOLIO_HIDEABLE_COLUMNS.filter((c) => c !== "type"));
  });
  it("open for their owner or anyone when shared; change for their owner or an admin", () => {
    const own = { ownerId: 1, shared: false };
    expect(canSeeView({ id: 1 }, own)).toBe(true);
    expect(canSeeView({ id: 2 }, own)).toBe(false);
    expect(canSeeView({ id: 2 }, { ...own, shared: true })).toBe(true);
    expect(canEditView({ id: 1, role: "manager" }, own)).toBe(true);
    expect(canEditView({ id: 2, role: "lead" }, own)).toBe(false);
    expect(canEditView({ id: 3, role: "admin" }, own)).toBe(true);
  });
});

describe("the portfolio's manager filter", () => {
  it("accepts a manager id or none (unassigned)", () => {
    expect(PortfolioQuery.parse({ manager: "none" }).manager).toBe("none");
    expect(PortfolioQuery.parse({ manager: "7" }).manager).toBe(7);
    expect(PortfolioQuery.parse({ manager: "x" }).manager).toBeUndefined();
  });
});
