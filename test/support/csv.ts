import fs from "node:fs";
import { AFFILIATE_COLUMNS, REFERRAL_COLUMNS } from "../../scripts/lib/dataset";
import path from "node:path";

/** The contract's referral columns, in order (the dataset generator's list, one list for the tests too). */
export const REFERRAL_HEADER = REFERRAL_COLUMNS;

export type ReferralCsvRow = Partial<Record<(typeof REFERRAL_HEADER)[number], string | number>>;

/** A referral row with sensible defaults; override what the test is about. */
export function referral(over: ReferralCsvRow): ReferralCsvRow {
  return {
    week_start: "2026-10-05",
    affiliate_uid: "1001",
    invitee_uid: "5001",
    registered_at: "2026-10-05",
    referral_code: "ALPHA",
    country: "VN",
    vip_level: 0,
    commission_type: "spot",
    rebate_rate: "0.1",
    spot_volume_usd: "0.00",
    futures_volume_usd: "0.00",
    options_volume_usd: "0.00",
    fiat_volume_usd: "0.00",
    earn_balance_usd: "0.00",
    web3_wallet_active: 0,
    spot_commission_usd: "0.00",
    futures_commission_usd: "0.00",
    fees_usd: "0.00",
    ...over,
  };
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function referralCsv(rows: ReferralCsvRow[]): string {
  const lines = [REFERRAL_HEADER.join(",")];
  for (const r of rows) lines.push(REFERRAL_HEADER.map((c) => quote(String(r[c] ?? ""))).join(","));
  return lines.join("\n") + "\n";
}

export const ROSTER_HEADER = AFFILIATE_COLUMNS;

export function rosterCsv(rows: Partial<Record<(typeof ROSTER_HEADER)[number], string>>[]): string {
  return [ROSTER_HEADER.join(","), ...rows.map((r) => ROSTER_HEADER.map((c) => quote(r[c] ?? "")).join(","))].join("\n") + "\n";
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
