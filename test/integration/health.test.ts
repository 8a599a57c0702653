import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_SETTINGS } from "../../app/domain/health";
import { getHealthSettings, saveHealthSettings, snapshotsOfWeek } from "../../app/models/health.server";
import { PORTFOLIO_COLUMNS, portfolioExport } from "../../app/services/export.server";
import { computeHealth, computeHealthHistory, recomputeHealth } from "../../app/services/health.server";
import { addWeeks } from "../../app/domain/weeks";
import { importGenerated } from "../support/dataset";
import { createTestDatabase } from "../support/db";
import { makeUser } from "../support/users";

let database: ReturnType<typeof createTestDatabase>;
let weeks: string[];
let NOW = 0;

beforeAll(async () => {
  database = createTestDatabase();
  ({ weeks } = await importGenerated(database, "health-test"));
  // The Wednesday after the newest week: the data is current.
  NOW = Date.parse(`${addWeeks(weeks.at(-1)!, 1)}T12:00:00Z`) + 2 * 86_400_000;
}, 60_000);
afterAll(() => database.close());

describe("health scores over the imported data", () => {
  it("raises no early warning over stale data (a backfill of old weeks)", () => {
    const count = () => (database.sqlite.prepare("SELECT count(*) AS n FROM health_alerts").get() as { n: number }).n;
    database.sqlite.exec("DELETE FROM health_alerts; DELETE FROM tasks WHERE rule_key IS NOT NULL");
    const r = recomputeHealth(database, { now: NOW + 30 * 86_400_000 });
    expect(r.alerts).toBe(0);
    expect(count()).toBe(0);
  });

  it("scores every affiliate for the newest week and keeps the snapshot", () => {
    const r = recomputeHealth(database, { now: NOW });
    expect(r.week).toBe(weeks.at(-1));
    const affiliates = (database.sqlite.prepare("SELECT count(*) AS n FROM affiliates").get() as { n: number }).n;
    expect(r.affiliates).toBe(affiliates);
    const snaps = snapshotsOfWeek(database, r.week!);
    expect(snaps.size).toBe(affiliates);
    expect(r.bands.healthy + r.bands.watch + r.bands.at_risk).toBe([...snaps.values()].filter((s) => s.band).length);
    const scored = [...snaps.values()].filter((s) => s.score !== null).map((s) => s.score!);
    expect(scored.length).toBeGreaterThan(0);
    expect(Math.min(...scored)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...scored)).toBeLessThanOrEqual(100);
  });

  it("raises each early warning once: a second recompute raises nothing new", () => {
    expect((database.sqlite.prepare("SELECT count(*) AS n FROM health_alerts").get() as { n: number }).n).toBeGreaterThan(0);
    const again = recomputeHealth(database, { now: NOW });
    expect(again.alerts).toBe(0);
    const tasks = (database.sqlite.prepare("SELECT count(*) AS n FROM tasks WHERE kind = 'risk'").get() as { n: number }).n;
    const alerts = (database.sqlite.prepare("SELECT count(*) AS n FROM health_alerts WHERE task_id IS NOT NULL").get() as { n: number }).n;
    expect(tasks).toBe(alerts);
  });

  it("follows the weights: all weight on engagement makes every never-engaged affiliate score 0", () => {
    const weights = { volumeTrend: 0, tradedTrend: 0, funnel: 0, breadth: 0, engagement: 100, incidents: 0 };
    const scores = computeHealth(database, weeks.at(-1)!, NOW, { ...DEFAULT_HEALTH_SETTINGS, weights });
    expect(scores.every((s) => s.score.score === 0 && s.score.band === "at_risk")).toBe(true);
  });

  it("scores the whole history in one pass exactly as week by week", () => {
    const settings = getHealthSettings(database);
    const some = [weeks[5], weeks[8], weeks[11]];
    const history = new Map(computeHealthHistory(database, some, settings));
    for (const week of some) {
      const asOf = Date.parse(`${addWeeks(week, 1)}T00:00:00Z`) - 1000;
      const one = new Map(computeHealth(database, week, asOf, settings).map((s) => [s.uid, s.score]));
      const all = history.get(week)!;
      expect(all.length).toBe(one.size);
      for (const { uid, score } of all) expect({ uid, week, score }).toEqual({ uid, week, score: one.get(uid) });
    }
  });

  it("keeps edited settings and puts the scores in the export", async () => {
    const lead = await makeUser(database, "lead");
    saveHealthSettings(database, { ...DEFAULT_HEALTH_SETTINGS, healthyMin: 80 }, lead.id);
    expect(getHealthSettings(database).healthyMin).toBe(80);
    const rows = portfolioExport(database, { from: weeks[8], to: weeks[11] });
    const col = PORTFOLIO_COLUMNS.indexOf("health_score");
    const snaps = snapshotsOfWeek(database, weeks[11]);
    for (const r of rows) expect(r[col]).toBe(String(snaps.get(r[0])?.score ?? ""));
    expect(rows.some((r) => r[col] !== "")).toBe(true);
  });
});
