import fs from "node:fs";
import path from "node:path";
import { addWeeks, weekBlock } from "../../app/domain/weeks";
import { runImport } from "../../app/services/import.server";
import { generateDataset } from "../../scripts/lib/dataset";
import type { AppDatabase } from "../../db";

/**
 * A generated dataset imported through the real pipeline, and the means to compute its KPIs
 * straight from the CSV files by data-format.md's definitions (independently of the CRM's SQL).
 */
export interface Row {
  [k: string]: string;
}

/** An end week whose 12 weeks straddle two blocks of the week masks. */
export function endWeekAcrossBlocks(): string {
  let w = "2026-06-01";
  while (weekBlock(w).bit !== 5) w = addWeeks(w, 1);
  return w;
}

export async function importGenerated(database: AppDatabase & { dir: string }, seed: string) {
  const summary = await generateDataset({ outDir: path.join(database.dir, "ds"), endWeek: endWeekAcrossBlocks(), profile: "demo", affiliates: 14, weeks: 12, invitees: 1500, seed });
  // Weeks out of order, to exercise "latest week wins whatever the order".
  const [roster, ...refs] = summary.files;
  for (const f of [roster, ...refs.slice(6), ...refs.slice(0, 6)]) {
    const r = await runImport({ file: f, databaseUrl: `file:${database.file}` });
    if (r.status !== "imported") throw new Error(`${f}: ${r.status}`);
  }
  return { weeks: summary.weeks, rows: refs.flatMap(readCsv) };
}

export function readCsv(file: string): Row[] {
  const [head, ...lines] = fs.readFileSync(file, "utf8").trim().split("\n");
  const cols = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
}

export const cents = (v: string) => (v === "" ? 0 : Math.round(Number(v.replace(/[$,]/g, "")) * 100));
export const isWeb3 = (v: string) => /^(1|true|yes|y)$/i.test(v);

/** Each invitee's row of its latest week. */
export function latestByInvitee(rows: Row[]): Map<string, Row> {
  const latest = new Map<string, Row>();
  for (const r of rows) {
    const prev = latest.get(r.invitee_uid);
    if (!prev || r.week_start > prev.week_start) latest.set(r.invitee_uid, r);
  }
  return latest;
}

/** The export's KPI columns per affiliate for the weeks from … to, computed from the rows. */
export function expectedKpis(rows: Row[], from: string, to: string) {
  const end = addWeeks(to, 1); // exclusive
  const out = new Map<string, Record<string, number>>();
  const get = (uid: string) => {
    let o = out.get(uid);
    if (!o) out.set(uid, (o = {}));
    return o;
  };
  const bump = (uid: string, k: string, n = 1) => (get(uid)[k] = (get(uid)[k] ?? 0) + n);
  const inPeriod = (d: string) => d !== "" && d >= from && d < end;
  for (const inv of latestByInvitee(rows).values()) {
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
    const web3 = isWeb3(r.web3_wallet_active);
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
