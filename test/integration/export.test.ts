import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addWeeks, weekBlock } from "../../app/domain/weeks";
import { runImport } from "../../app/services/import.server";
import { PORTFOLIO_COLUMNS, portfolioExport } from "../../app/services/export.server";
import { generateDataset } from "../../scripts/lib/dataset";
import { createTestDatabase } from "../support/db";

/**
 * Import a generated dataset through the real pipeline, export the portfolio, and compare every
 * KPI with values computed here, straight from the CSV files, by data-format.md's definitions.
 */
let database: ReturnType<typeof createTestDatabase>;
let weeks: string[];
let files: string[];

// An end week whose 12 weeks straddle a block of the week masks (a period across two blocks).
function endWeekAcrossBlocks(): string {
  let w = "2026-06-01";
  while (weekBlock(w).bit !== 5) w = addWeeks(w, 1);
  return w;
}

beforeAll(async () => {
  database = createTestDatabase();
  const summary = await generateDataset({ outDir: path.join(database.dir, "ds"), endWeek: endWeekAcrossBlocks(), profile: "demo", affiliates: 14, weeks: 12, invitees: 1500, seed: "export-test" });
  weeks = summary.weeks;
  files = summary.files;
  // Weeks out of order, to exercise "latest week wins whatever the order".
  const [roster, ...refs] = files;
  for (const f of [roster, ...refs.slice(6), ...refs.slice(0, 6)]) {
    const r = await runImport({ file: f, databaseUrl: `file:${database.file}` });
    expect(r.status).toBe("imported");
  }
}, 60_000);
afterAll(() => database.close());

interface Row {
  [k: string]: string;
}

function readCsv(file: string): Row[] {
  const [head, ...lines] = fs.readFileSync(file, "utf8").trim().split("\n");
  const cols = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
}

const cents = (v: string) => (v === "" ? 0 : Math.round(Number(v.replace(/[$,]/g, "")) * 100));

function expected(from: string, to: string) {
  const rows = files.slice(1).flatMap(readCsv);
  const end = addWeeks(to, 1); // exclusive
  const latest = new Map<string, Row>();
  for (const r of rows) {
    const prev = latest.get(r.invitee_uid);
    if (!prev || r.week_start > prev.week_start) latest.set(r.invitee_uid, r);
  }
  const out = new Map<string, Record<string, number>>();
  const get = (uid: string) => {
    let o = out.get(uid);
    if (!o) out.set(uid, (o = {}));
    return o;
  };
  const bump = (uid: string, k: string, n = 1) => (get(uid)[k] = (get(uid)[k] ?? 0) + n);
  const inPeriod = (d: string) => d !== "" && d >= from && d < end;
  for (const inv of latest.values()) {
    if (inPeriod(inv.registered_at)) bump(inv.affiliate_uid, "referrals");
    if (inPeriod(inv.verified_at)) bump(inv.affiliate_uid, "verified");
    if (inPeriod(inv.first_deposit_at)) bump(inv.affiliate_uid, "deposited");
    if (inPeriod(inv.first_trade_at)) bump(inv.affiliate_uid, "first_trades");
  }
  const distinct = new Map<string, Set<string>>();
  const add = (uid: string, k: string, inv: string) => {
    const key = `${uid}|${k}`;
    if (!distinct.has(key)) distinct.set(key, new Set());
    distinct.get(key)!.add(inv);
  };
  for (const r of rows) {
    if (r.week_start < from || r.week_start > to) continue;
    const [s, f, o, fi, e] = [cents(r.spot_volume_usd), cents(r.futures_volume_usd), cents(r.options_volume_usd), cents(r.fiat_volume_usd), cents(r.earn_balance_usd)];
    const web3 = /^(1|true|yes|y)$/i.test(r.web3_wallet_active);
    const a = r.affiliate_uid;
    bump(a, "spot_volume_usd", s);
    bump(a, "futures_volume_usd", f);
    bump(a, "options_volume_usd", o);
    bump(a, "total_volume_usd", s + f + o);
    bump(a, "spot_commission_usd", cents(r.spot_commission_usd));
    bump(a, "futures_commission_usd", cents(r.futures_commission_usd));
    bump(a, "total_rewards_usd", cents(r.spot_commission_usd) + cents(r.futures_commission_usd));
    bump(a, "fees_usd", cents(r.fees_usd));
    if (s + f + o > 0) add(a, "traded", r.invitee_uid);
    if (s + f + o + fi > 0 || e > 0 || web3) add(a, "active", r.invitee_uid);
    if (f > 0) add(a, "futures_adopters", r.invitee_uid);
    if (e > 0) add(a, "earn_adopters", r.invitee_uid);
    if (o > 0) add(a, "options_adopters", r.invitee_uid);
    if (web3) add(a, "web3_wallet_adopters", r.invitee_uid);
    if (fi > 0) add(a, "fiat_adopters", r.invitee_uid);
  }
  for (const [key, set] of distinct) {
    const [uid, k] = key.split("|");
    get(uid)[k] = set.size;
  }
  return out;
}

const NUMERIC = PORTFOLIO_COLUMNS.slice(8, 27);
const MONEY = new Set(PORTFOLIO_COLUMNS.filter((c) => c.endsWith("_usd")));

describe("the portfolio export", () => {
  for (const [label, span] of [
    ["one week", [11, 11]],
    ["the last 4 weeks", [8, 11]],
    ["all 12 weeks, across two blocks of the week masks", [0, 11]],
    ["a middle stretch", [3, 7]],
  ] as const) {
    it(`matches KPIs computed independently from the files: ${label}`, () => {
      const from = weeks[span[0]];
      const to = weeks[span[1]];
      const want = expected(from, to);
      const got = portfolioExport(database, { from, to });
      expect(got.length).toBe(14);
      let nonZero = 0;
      for (const row of got) {
        const uid = row[0];
        const w = want.get(uid) ?? {};
        for (const col of NUMERIC) {
          const v = row[PORTFOLIO_COLUMNS.indexOf(col)];
          const n = MONEY.has(col) ? Math.round(Number(v) * 100) : Number(v);
          if (MONEY.has(col)) expect(v).toMatch(/^\d+\.\d{2}$/);
          expect({ uid, col, n }).toEqual({ uid, col, n: w[col] ?? 0 });
          if (n) nonZero++;
        }
      }
      expect(nonZero).toBeGreaterThan(50);
    });
  }

  it("spans two blocks of the week masks in the 12-week case", () => {
    expect(weekBlock(weeks[0]).block).not.toBe(weekBlock(weeks[11]).block);
  });

  it("has the contract's columns in order and a tenure at the period's end", () => {
    const rows = portfolioExport(database, { from: weeks[0], to: weeks[11] });
    const joined = rows.find((r) => r[6])!;
    expect(Number(joined[7])).toBeGreaterThanOrEqual(0);
    expect(PORTFOLIO_COLUMNS[0]).toBe("affiliate_uid");
    expect(PORTFOLIO_COLUMNS.at(-1)).toBe("health_score");
  });
});
