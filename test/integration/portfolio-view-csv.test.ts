import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateAffiliateProfile } from "../../app/models/affiliates.server";
import { loader } from "../../app/routes/portfolio.view[.csv]";
import { expectedKpis, importGenerated, type Row } from "../support/dataset";
import { createTestDatabase } from "../support/db";
import { makeUser, request, sessionCookie } from "../support/users";

/**
 * The portfolio's "CSV of this view", requested through its route with a period, filters and a
 * sort, compared with figures computed here straight from the generated files.
 */
let database: ReturnType<typeof createTestDatabase>;
let weeks: string[];
let rows: Row[];
let cookie: string;
let leadId: number;

/** RFC 4180 lines (no line breaks inside cells here): cells unquoted. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => {
      const cells: string[] = [];
      let cell = "";
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
          if (c === '"' && line[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ",") {
          cells.push(cell);
          cell = "";
        }
        else cell += c;
      }
      cells.push(cell);
      return cells;
    });
}

const HEADER = [
  "affiliate_uid",
  "name",
  "type",
  "country",
  "language",
  "tier",
  "manager",
  "tenure_months",
  "health_score",
  "health_band",
  "total_volume_usd",
  "total_volume_change_pct",
  "traded",
  "total_rewards_usd",
  "products_with_adopters",
  "last_engagement",
  "open_tasks",
  "open_incidents",
];
const ADOPTERS = ["futures_adopters", "earn_adopters", "options_adopters", "web3_wallet_adopters", "fiat_adopters"];
/** Names a spreadsheet would run as formulas. */
const FORMULAS = ['=HYPERLINK("http://evil.test","open")', "+1+2", "-3+4", "@SUM(A1:A9)"];

beforeAll(async () => {
  database = createTestDatabase();
  ({ weeks, rows } = await importGenerated(database, "view-csv-test"));
  leadId = (await makeUser(database, "lead")).id;
  cookie = await sessionCookie(leadId);
}, 60_000);
afterAll(() => database.close());

async function viewCsv(params: Record<string, string>) {
  const res = await loader({ request: request(`/portfolio/view.csv?${new URLSearchParams(params)}`, { cookie }), params: {}, context: {} });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("text/csv");
  return { disposition: res.headers.get("Content-Disposition"), table: parseCsv(await res.text()) };
}

describe("the portfolio's CSV of this view", () => {
  it("has the view's rows (filtered by type, sorted by volume ascending) with the period's figures", async () => {
    const roster = parseCsv(fs.readFileSync(path.join(database.dir, "ds", "affiliates.csv"), "utf8"));
    const [head, ...affiliates] = roster;
    const [uidAt, typeAt] = [head.indexOf("affiliate_uid"), head.indexOf("type")];
    // The most common type other than the default one (roster-less affiliates take the default).
    const counts = new Map<string, number>();
    for (const a of affiliates) if (a[typeAt] !== "affiliate") counts.set(a[typeAt], (counts.get(a[typeAt]) ?? 0) + 1);
    const [type, members] = [...counts].sort((a, b) => b[1] - a[1])[0];
    expect(members).toBeGreaterThanOrEqual(2);
    const uids = new Set(affiliates.filter((a) => a[typeAt] === type).map((a) => a[uidAt]));

    // Formula-like names on two affiliates of the view.
    const [first, second] = [...uids];
    updateAffiliateProfile(database, first, { name: FORMULAS[0] }, leadId);
    updateAffiliateProfile(database, second, { name: FORMULAS[1] }, leadId);

    const [from, to] = [weeks[8], weeks[11]];
    const now = expectedKpis(rows, from, to);
    const before = expectedKpis(rows, weeks[4], weeks[7]);
    const { disposition, table } = await viewCsv({ period: "custom", from, to, scope: "all", maturity: "all", type, sort: "volume", dir: "asc", page: "2", size: "25" });
    expect(disposition).toBe(`attachment; filename="portfolio-${from}-${to}.csv"`);
    const [header, ...lines] = table;
    expect(header).toEqual(HEADER);
    const col = (line: string[], name: string) => line[HEADER.indexOf(name)];

    // Every affiliate of the type, every page (the page in the URL is ignored), and no other.
    expect(new Set(lines.map((l) => l[0]))).toEqual(uids);
    expect(lines.length).toBe(uids.size);
    const name = (uid: string) => (database.sqlite.prepare("SELECT name FROM affiliates WHERE uid = ?").get(uid) as { name: string }).name;
    const volume = (uid: string) => now.get(uid)?.total_volume_usd ?? 0;
    const order = [...uids].sort((a, b) => volume(a) - volume(b) || name(a).localeCompare(name(b)));
    expect(lines.map((l) => l[0])).toEqual(order);

    let nonZero = 0;
    for (const line of lines) {
      const uid = line[0];
      const k = now.get(uid) ?? {};
      const p = before.get(uid) ?? {};
      expect(col(line, "type")).toBe(type);
      const usd = (cents: number) => (cents / 100).toFixed(2);
      expect({ uid, volume: col(line, "total_volume_usd") }).toEqual({ uid, volume: usd(k.total_volume_usd ?? 0) });
      expect({ uid, rewards: col(line, "total_rewards_usd") }).toEqual({ uid, rewards: usd(k.total_rewards_usd ?? 0) });
      expect({ uid, traded: col(line, "traded") }).toEqual({ uid, traded: String(k.traded ?? 0) });
      expect({ uid, breadth: col(line, "products_with_adopters") }).toEqual({ uid, breadth: String(ADOPTERS.filter((a) => (k[a] ?? 0) > 0).length) });
      const prev = p.total_volume_usd ?? 0;
      const change = prev === 0 ? "" : ((((k.total_volume_usd ?? 0) - prev) / prev) * 100).toFixed(1);
      expect({ uid, change: col(line, "total_volume_change_pct") }).toEqual({ uid, change });
      expect(col(line, "open_tasks")).toBe("0");
      expect(col(line, "open_incidents")).toBe("0");
      if (k.total_volume_usd) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(0);

    // The formula-injection guard: text cells that start like a formula are prefixed with a quote…
    expect(col(lines.find((l) => l[0] === first)!, "name")).toBe(`'${FORMULAS[0]}`);
    expect(col(lines.find((l) => l[0] === second)!, "name")).toBe(`'${FORMULAS[1]}`);
    // …while figures, negative ones included, stay numbers.
    for (const line of lines) for (const c of ["total_volume_usd", "total_volume_change_pct", "total_rewards_usd"]) expect(col(line, c)).toMatch(/^(-?\d+(\.\d+)?)?$/);
  });

  it("guards every formula-like text cell, and the name filter still finds the raw name", async () => {
    const uids = (database.sqlite.prepare("SELECT uid FROM affiliates ORDER BY uid LIMIT 4").all() as { uid: string }[]).map((r) => r.uid);
    FORMULAS.forEach((f, i) => updateAffiliateProfile(database, uids[i], { name: f, tier: f, language: f }, leadId));
    const { table } = await viewCsv({ scope: "all", maturity: "all", sort: "name", dir: "asc" });
    FORMULAS.forEach((f, i) => {
      const line = table.find((l) => l[0] === uids[i])!;
      for (const c of ["name", "tier", "language"]) expect({ uid: uids[i], c, v: line[HEADER.indexOf(c)] }).toEqual({ uid: uids[i], c, v: `'${f}` });
    });
    const found = await viewCsv({ scope: "all", maturity: "all", q: FORMULAS[2] });
    expect(found.table.slice(1).map((l) => l[0])).toEqual([uids[2]]);
  });
});
