import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodEnd } from "../../app/domain/kpis";
import { resolvePeriod } from "../../app/domain/period";
import { tenureMonths } from "../../app/domain/tenure";
import { addWeeks } from "../../app/domain/weeks";
import { MatrixQuery } from "../../app/domain/team";
import { PortfolioQuery } from "../../app/domain/portfolio";
import { reassignAffiliates } from "../../app/models/affiliates.server";
import { createIncident } from "../../app/models/incidents.server";
import { createNote } from "../../app/models/notes.server";
import { createTask } from "../../app/models/tasks.server";
import { createUser } from "../../app/models/users.server";
import { loadPortfolio } from "../../app/services/portfolio.server";
import { loadTeam } from "../../app/services/team.server";
import { buildWeeklyReport, resolveReportWeek } from "../../app/services/weekly-report.server";
import { expectedKpis, importGenerated, type Row } from "../support/dataset";
import { createTestDatabase } from "../support/db";

/**
 * The team page's aggregates and movers, and the weekly report, over a generated dataset
 * imported through the real pipeline; the expected figures are computed here from the CSV rows
 * and from the rows this test adds (health snapshots, notes, tasks, incidents).
 */

const DAY = 86_400_000;
let database: ReturnType<typeof createTestDatabase>;
let weeks: string[];
let rows: Row[];
let maya = 0;
let omar = 0;
let lead = 0;
let affiliates: { uid: string; name: string; managerId: number | null; joinedAt: string | null }[] = [];
let NOW = 0;
let TODAY = "";

const mine = (id: number) => affiliates.filter((a) => a.managerId === id);
const ms = (date: string, hours = 12) => Date.parse(`${date}T00:00:00Z`) + hours * 3_600_000;

/** Distinct invitees adopting a product (by its CSV column) per week, for one affiliate. */
function weeklyAdopters(uid: string, column: string, test: (v: string) => boolean) {
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.affiliate_uid !== uid || !test(r[column])) continue;
    if (!out.has(r.week_start)) out.set(r.week_start, new Set());
    out.get(r.week_start)!.add(r.invitee_uid);
  }
  return (week: string) => out.get(week)?.size ?? 0;
}

// The weeks this test scores by hand: the 4-week period's last week, the week before it, and the week before the period.
let periodTo = "";
let weekBefore = "";
let beforePeriod = "";
let upsellUid = "";
let upsellProduct = "";
let unconvertedAdded = false;

beforeAll(async () => {
  database = createTestDatabase();
  // The generated roster names these e-mails; Sofia's and Kenji's have no user, so theirs stay unassigned.
  maya = (await createUser(database, { email: "maya.chen@desk.test", name: "Maya Chen", role: "manager", password: "correct horse battery" })).id;
  omar = (await createUser(database, { email: "omar.haddad@desk.test", name: "Omar Haddad", role: "manager", password: "correct horse battery" })).id;
  lead = (await createUser(database, { email: "lena.novak@desk.test", name: "Lena Novak", role: "lead", password: "correct horse battery" })).id;
  ({ weeks, rows } = await importGenerated(database, "team"));
  affiliates = database.sqlite.prepare("SELECT uid, name, manager_id AS managerId, joined_at AS joinedAt FROM affiliates ORDER BY uid").all() as typeof affiliates;
  periodTo = weeks.at(-1)!;
  weekBefore = weeks.at(-2)!;
  beforePeriod = addWeeks(periodTo, -4);
  // Wednesday after the newest week: the data is current.
  NOW = ms(addWeeks(periodTo, 1), 12) + 2 * DAY;
  TODAY = new Date(NOW).toISOString().slice(0, 10);

  // Health by hand: three weeks, known scores.
  // Only the work this test adds: the risk tasks the import's early warnings raised go.
  database.sqlite.exec("DELETE FROM health_alerts; DELETE FROM tasks; DELETE FROM health_snapshots");
  const snap = database.sqlite.prepare("INSERT INTO health_snapshots (affiliate_uid, week_start, score, band, computed_at) VALUES (?, ?, ?, ?, 0)");
  // The seed gives Maya and Omar three affiliates each.
  expect(mine(maya).length).toBeGreaterThanOrEqual(3);
  expect(mine(omar).length).toBeGreaterThanOrEqual(3);
  const [m1, m2, m3] = mine(maya);
  const [o1, o2] = mine(omar);
  const scores: [string, string, number, string][] = [
    // m1: healthy → at risk over the period, and in the newest week.
    [m1.uid, beforePeriod, 80, "healthy"],
    [m1.uid, weekBefore, 60, "watch"],
    [m1.uid, periodTo, 30, "at_risk"],
    // m2: at risk → watch (recovered) over the period; unchanged in the newest week.
    [m2.uid, beforePeriod, 35, "at_risk"],
    [m2.uid, weekBefore, 55, "watch"],
    [m2.uid, periodTo, 55, "watch"],
    // m3: healthy throughout, a small gain.
    [m3.uid, beforePeriod, 70, "healthy"],
    [m3.uid, weekBefore, 71, "healthy"],
    [m3.uid, periodTo, 75, "healthy"],
    // o1: at risk in the newest week only.
    [o1.uid, beforePeriod, 45, "at_risk"],
    [o1.uid, weekBefore, 52, "watch"],
    [o1.uid, periodTo, 41, "at_risk"],
    [o2.uid, periodTo, 90, "healthy"],
  ];
  for (const s of scores) snap.run(...s);

  // Engagements: one of Maya's 10 days ago (covered), one 40 days ago (not).
  const note = (uid: string, at: number) => createNote(database, { affiliateUid: uid, authorId: maya, kind: "call", occurredAt: at, summary: "Catch-up" }, maya, at);
  note(m1.uid, NOW - 10 * DAY);
  note(m2.uid, NOW - 40 * DAY);
  note(o1.uid, NOW - 2 * DAY);

  const task = (o: Partial<Parameters<typeof createTask>[1]> & { affiliateUid: string }, at = NOW - 20 * DAY) =>
    createTask(database, { title: "Follow up", kind: "follow_up", status: "open", ...o }, lead, at);
  const yesterday = new Date(NOW - DAY).toISOString().slice(0, 10);
  const tomorrow = new Date(NOW + DAY).toISOString().slice(0, 10);
  // Team page overdue tasks (as of today): Maya 2 (one by owner, one assigned), Omar 1 (assigned to him on Maya's affiliate).
  task({ affiliateUid: m1.uid, dueDate: yesterday });
  task({ affiliateUid: m2.uid, dueDate: yesterday, assigneeId: maya, status: "in_progress" });
  task({ affiliateUid: m3.uid, dueDate: yesterday, assigneeId: omar });
  task({ affiliateUid: m1.uid, dueDate: tomorrow });
  task({ affiliateUid: m1.uid, dueDate: yesterday, status: "done", completedAt: NOW - 3 * DAY });
  task({ affiliateUid: m1.uid, dueDate: yesterday, status: "dropped" });

  // Incidents: a SEV1 touching two of Maya's affiliates (counts once), a SEV3 on Omar's, a resolved SEV2 (not open).
  const weekStart = ms(periodTo, 0);
  createIncident(database, { title: "Payout delayed", severity: "SEV1", category: "commission_dispute", status: "investigating", affiliateUids: [m1.uid, m2.uid] }, lead, weekStart + DAY);
  createIncident(database, { title: "KYC stuck", severity: "SEV3", category: "account_kyc", status: "reported", affiliateUids: [o1.uid] }, lead, weekStart - 10 * DAY);
  createIncident(
    database,
    { title: "Outage", severity: "SEV2", category: "product_outage", status: "resolved", statusTimes: { reported: weekStart - 20 * DAY, resolved: weekStart + 2 * DAY }, affiliateUids: [o2.uid] },
    lead,
    weekStart - 20 * DAY,
  );

  // Weekly report tasks (week = periodTo): done in the week, and overdue at its end.
  const sunday = periodEnd(periodTo);
  task({ affiliateUid: o1.uid, assigneeId: omar, dueDate: sunday, status: "done", completedAt: weekStart + 3 * DAY }, weekStart - 5 * DAY);
  task({ affiliateUid: o2.uid, dueDate: addWeeks(periodTo, -1), status: "done", completedAt: weekStart + 8 * DAY }, weekStart - 10 * DAY); // done after the week: was overdue at its end
  task({ affiliateUid: o2.uid, dueDate: addWeeks(sunday, 1) }, weekStart - 10 * DAY); // due after the week

  // An upsell that converted: a product whose adopters rose from the week before to the newest week.
  const products: [string, string, (v: string) => boolean][] = [
    ["futures", "futures_volume_usd", (v) => v !== "" && Number(v) > 0],
    ["earn", "earn_balance_usd", (v) => v !== "" && Number(v) > 0],
    ["options", "options_volume_usd", (v) => v !== "" && Number(v) > 0],
    ["fiat", "fiat_volume_usd", (v) => v !== "" && Number(v) > 0],
  ];
  outer: for (const a of [...mine(maya), ...mine(omar)]) {
    for (const [product, column, test] of products) {
      const count = weeklyAdopters(a.uid, column, test);
      if (count(periodTo) > count(weekBefore)) {
        upsellUid = a.uid;
        upsellProduct = product;
        break outer;
      }
    }
  }
  expect(upsellUid).not.toBe("");
  task({ affiliateUid: upsellUid, kind: "upsell", product: upsellProduct, title: "Pitch the product", status: "done", completedAt: weekStart + 4 * DAY }, weekStart + DAY);
  // One that did not convert: a product with no adopters at all for that affiliate.
  const never = products.find(([, column, test]) => rows.every((r) => r.affiliate_uid !== m3.uid || !test(r[column])));
  unconvertedAdded = !!never;
  if (never) task({ affiliateUid: m3.uid, kind: "upsell", product: never[0], title: "Pitch", status: "done", completedAt: weekStart + 4 * DAY }, weekStart + DAY);
}, 90_000);
afterAll(() => database.close());

describe("the team page", () => {
  it("has a row per manager with matured/all, volume and rewards against the previous period (from the CSV rows)", () => {
    const period = resolvePeriod({ period: "4w" }, periodTo, TODAY);
    expect(period.to).toBe(periodTo);
    const team = loadTeam(database, period, NOW);
    const now = expectedKpis(rows, period.from, period.to);
    const prev = expectedKpis(rows, period.previous.from, period.previous.to);
    const sum = (m: Map<string, Record<string, number>>, list: typeof affiliates, k: string) => list.reduce((s, a) => s + (m.get(a.uid)?.[k] ?? 0), 0);

    expect(team.rows.map((r) => r.name)).toEqual(["Maya Chen", "Omar Haddad"]);
    for (const [id, row] of [
      [maya, team.rows[0]],
      [omar, team.rows[1]],
    ] as const) {
      const list = mine(id);
      expect(list.length).toBeGreaterThan(1);
      expect(row.affiliates).toBe(list.length);
      expect(row.matured).toBe(list.filter((a) => (tenureMonths(a.joinedAt, periodEnd(period.to)) ?? -1) >= 6).length);
      expect(row.volume.value).toBe(sum(now, list, "total_volume_usd"));
      expect(row.volume.previous).toBe(sum(prev, list, "total_volume_usd"));
      expect(row.rewards.value).toBe(sum(now, list, "total_rewards_usd"));
      expect(row.rewards.previous).toBe(sum(prev, list, "total_rewards_usd"));
      const prevVolume = sum(prev, list, "total_volume_usd");
      expect(row.volume.pct).toBeCloseTo((sum(now, list, "total_volume_usd") - prevVolume) / prevVolume, 10);
    }
  });

  it("counts health bands, overdue tasks, open incidents by severity and contact coverage per manager", () => {
    const team = loadTeam(database, resolvePeriod({ period: "4w" }, periodTo, TODAY), NOW);
    const [m, o] = team.rows;
    const mayaCount = mine(maya).length;
    expect(m.bands).toEqual({ healthy: 1, watch: 1, at_risk: 1, unscored: mayaCount - 3 });
    expect(o.bands.at_risk).toBe(1);
    expect(o.bands.healthy).toBe(1);
    expect(m.overdueTasks).toBe(2);
    expect(o.overdueTasks).toBe(1);
    expect(m.openIncidents).toEqual({ SEV1: 1, SEV2: 0, SEV3: 0, SEV4: 0 });
    expect(o.openIncidents).toEqual({ SEV1: 0, SEV2: 0, SEV3: 1, SEV4: 0 });
    expect(m.contacted).toBe(1);
    expect(m.coverage).toBeCloseTo(1 / mayaCount, 10);
    expect(o.coverage).toBeCloseTo(1 / mine(omar).length, 10);
  });

  it("finds the period's movers: health against the week before the period, volume against the previous period", () => {
    const period = resolvePeriod({ period: "4w" }, periodTo, TODAY);
    const { movers } = loadTeam(database, period, NOW);
    const [m1, m2, m3] = mine(maya);
    const [o1] = mine(omar);
    expect(movers.newlyAtRisk.map((x) => x.uid)).toEqual([m1.uid]);
    expect(movers.recovered.map((x) => x.uid)).toEqual([m2.uid]);
    expect(movers.scoreDrops.map((x) => [x.uid, x.scoreChange])).toEqual([
      [m1.uid, -50],
      [o1.uid, -4],
    ]);
    expect(movers.scoreGains.map((x) => [x.uid, x.scoreChange])).toEqual([
      [m2.uid, 20],
      [m3.uid, 5],
    ]);
    const now = expectedKpis(rows, period.from, period.to);
    const prev = expectedKpis(rows, period.previous.from, period.previous.to);
    const change = affiliates
      .map((a) => ({ uid: a.uid, name: a.name, change: (now.get(a.uid)?.total_volume_usd ?? 0) - (prev.get(a.uid)?.total_volume_usd ?? 0) }))
      .sort((a, b) => a.change - b.change || a.name.localeCompare(b.name));
    const falls = change.filter((c) => c.change < 0).slice(0, 8);
    const rises = change.filter((c) => c.change > 0).reverse().slice(0, 8);
    expect(falls.length + rises.length).toBeGreaterThan(0);
    expect(movers.volumeFalls.map((x) => [x.uid, x.volumeChange])).toEqual(falls.map((c) => [c.uid, c.change]));
    expect(movers.volumeRises.map((x) => x.uid).sort()).toEqual(rises.map((c) => c.uid).sort());
  });

  it("lists the affiliates waiting for an owner, with the e-mail the roster named (if any)", () => {
    const { unassigned } = loadTeam(database, resolvePeriod({ period: "4w" }, periodTo, TODAY), NOW);
    const expected = affiliates.filter((a) => a.managerId == null).map((a) => a.uid);
    expect(expected.length).toBeGreaterThan(0);
    expect(unassigned.map((a) => a.uid).sort()).toEqual(expected.sort());
    expect(new Set(unassigned.map((a) => a.rosterManagerEmail))).toEqual(new Set(["sofia.reyes@desk.test", "kenji.watanabe@desk.test", null]));
  });

  it("builds the cross-product matrix from the period's KPIs", () => {
    const period = resolvePeriod({ period: "4w" }, periodTo, TODAY);
    const { matrix } = loadTeam(database, period, NOW, MatrixQuery.parse({ msort: "name" }));
    const k = expectedKpis(rows, period.from, period.to);
    const expected = [...k.entries()].filter(([, v]) => (v.active ?? 0) > 0).map(([uid]) => uid);
    expect(matrix.total).toBe(expected.length);
    // Every page of it, by name.
    const all = Array.from({ length: matrix.pages }, (_, i) => loadTeam(database, period, NOW, MatrixQuery.parse({ msort: "name", mpage: String(i + 1) })).matrix.rows).flat();
    expect(all.map((r) => r.uid).sort()).toEqual(expected.sort());
    expect(all.map((r) => r.name)).toEqual([...all.map((r) => r.name)].sort(new Intl.Collator().compare));
    for (const r of all) {
      const e = k.get(r.uid)!;
      expect(r.active).toBe(e.active);
      expect(r.shares.futures).toBeCloseTo((e.futures_adopters ?? 0) / e.active, 10);
      expect(r.shares.web3_wallet).toBeCloseTo((e.web3_wallet_adopters ?? 0) / e.active, 10);
    }
  });
  it("keeps each manager's portfolio view apart, and a reassignment reaches the kept views and the matrix", () => {
    const period = resolvePeriod({ period: "4w" }, periodTo, TODAY);
    const query = PortfolioQuery.parse({ maturity: "all" });
    const portfolioOf = (id: number) => loadPortfolio(database, period, query, { id, role: "manager" }).rows.map((r) => r.uid).sort();
    const matrixOf = (id: number) => loadTeam(database, period, NOW, MatrixQuery.parse({ mmanager: String(id) })).matrix.rows.map((r) => r.uid);
    // The same URL, two managers: each sees their own (the views are kept per user).
    expect(portfolioOf(maya)).toEqual(mine(maya).map((a) => a.uid).sort());
    expect(portfolioOf(omar)).toEqual(mine(omar).map((a) => a.uid).sort());
    const moved = matrixOf(omar)[0];
    expect(moved).toBeDefined();
    expect(matrixOf(maya)).not.toContain(moved);
    const move = (to: number) => reassignAffiliates(database, { uids: [moved], toManagerId: to, reason: "Coverage while Omar is away", moveTasks: false, actorId: lead });
    move(maya);
    try {
      expect(portfolioOf(maya)).toContain(moved);
      expect(portfolioOf(omar)).not.toContain(moved);
      expect(matrixOf(maya)).toContain(moved);
      expect(matrixOf(omar)).not.toContain(moved);
    } finally {
      move(omar);
    }
    expect(portfolioOf(omar)).toContain(moved);
  });
});

describe("the weekly report", () => {
  it("takes the newest week by default and refuses weeks without data", () => {
    expect(resolveReportWeek(database, null)).toMatchObject({ week: periodTo });
    expect(resolveReportWeek(database, "2020-01-06")).toMatchObject({ error: expect.stringContaining("No data for the week of 2020-01-06") });
    const tuesday = new Date(ms(periodTo) + DAY).toISOString().slice(0, 10);
    expect(resolveReportWeek(database, tuesday)).toMatchObject({ error: expect.stringContaining("not a Monday") });
    expect(resolveReportWeek(database, "next week")).toHaveProperty("error");
  });

  it("reports the week against the week before, per manager and for the team", () => {
    const r = buildWeeklyReport(database, periodTo, NOW);
    const [m1, m2] = mine(maya);
    const [o1] = mine(omar);
    expect(r.previousWeek).toBe(weekBefore);
    expect(r.weekEnd).toBe(periodEnd(periodTo));
    expect(r.freshness).toMatchObject({ newestWeek: periodTo, stale: false });
    expect(r.freshness.importedAt).toBeGreaterThan(0);

    expect(r.team.newlyAtRisk.map((x) => x.uid).sort()).toEqual([m1.uid, o1.uid].sort());
    expect(r.team.recovered).toEqual([]);
    const maya_ = r.managers.find((s) => s.managerId === maya)!;
    const omar_ = r.managers.find((s) => s.managerId === omar)!;
    expect(maya_.newlyAtRisk.map((x) => x.uid)).toEqual([m1.uid]);
    expect(omar_.newlyAtRisk.map((x) => x.uid)).toEqual([o1.uid]);
    expect(maya_.scoreDrops.map((x) => [x.uid, x.scoreChange])).toEqual([[m1.uid, -30]]);
    expect(maya_.scoreGains.map((x) => [x.uid, x.scoreChange])).toEqual([[mine(maya)[2].uid, 4]]);
    expect(m2.uid).not.toBe(m1.uid);

    // Volume: the week against the week before, from the CSV rows.
    const now = expectedKpis(rows, periodTo, periodTo);
    const then = expectedKpis(rows, weekBefore, weekBefore);
    const falls = mine(omar)
      .map((a) => ({ uid: a.uid, name: a.name, change: (now.get(a.uid)?.total_volume_usd ?? 0) - (then.get(a.uid)?.total_volume_usd ?? 0) }))
      .filter((c) => c.change < 0)
      .sort((a, b) => a.change - b.change || a.name.localeCompare(b.name))
      .slice(0, 5);
    expect(omar_.volumeFalls.map((x) => [x.uid, x.volumeChange])).toEqual(falls.map((c) => [c.uid, c.change]));

    // Incidents: the SEV1 opened in the week (Maya's), the SEV2 resolved in it (Omar's).
    expect(r.team.incidentsOpened.map((i) => i.title)).toEqual(["Payout delayed"]);
    expect(maya_.incidentsOpened.map((i) => i.severity)).toEqual(["SEV1"]);
    expect(omar_.incidentsOpened).toEqual([]);
    expect(omar_.incidentsClosed.map((i) => i.title)).toEqual(["Outage"]);
    expect(maya_.incidentsClosed).toEqual([]);

    // Tasks: Omar's done in the week; overdue at its end, the one done only after it (not the one due later).
    expect(omar_.tasksDone).toBe(1);
    expect(omar_.tasksOverdue).toBe(1);
    const upsellOwner = affiliates.find((a) => a.uid === upsellUid)!.managerId;
    // Done in the week: Omar's, the converted upsell, the team page's done task (3 days before NOW), and the unconverted upsell if one was added.
    expect(r.team.tasksDone).toBe(3 + (unconvertedAdded ? 1 : 0));
    expect(r.team.upsellsConverted.map((u) => [u.uid, u.product])).toEqual([[upsellUid, upsellProduct]]);
    const owner = r.managers.find((s) => s.managerId === upsellOwner)!;
    expect(owner.upsellsConverted).toHaveLength(1);
    expect(owner.upsellsConverted[0].latest).toBeGreaterThan(owner.upsellsConverted[0].before ?? 0);
  });
});
