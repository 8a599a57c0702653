import fs from "node:fs";
import path from "node:path";

export const REFERRAL_HEADER = [
  "week_start",
  "affiliate_uid",
  "invitee_uid",
  "registered_at",
  "referral_code",
  "verified_at",
  "first_deposit_at",
  "first_trade_at",
  "country",
  "vip_level",
  "commission_type",
  "rebate_rate",
  "spot_volume_usd",
  "futures_volume_usd",
  "options_volume_usd",
  "fiat_volume_usd",
  "earn_balance_usd",
  "web3_wallet_active",
  "spot_commission_usd",
  "futures_commission_usd",
  "fees_usd",
] as const;

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

export const ROSTER_HEADER = ["affiliate_uid", "name", "type", "country", "language", "joined_at", "tier", "manager_email", "email", "telegram", "website"] as const;

export function rosterCsv(rows: Partial<Record<(typeof ROSTER_HEADER)[number], string>>[]): string {
  return [ROSTER_HEADER.join(","), ...rows.map((r) => ROSTER_HEADER.map((c) => quote(r[c] ?? "")).join(","))].join("\n") + "\n";
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
