import type { AppDatabase } from "../../db";
import { spreadsheetText, toCsvLine } from "../domain/csv";
import { centsToDecimal } from "../domain/format";
import { EMPTY_KPIS, periodEnd, totalRewards, totalVolume } from "../domain/kpis";
import { tenureMonths } from "../domain/tenure";
import { listAffiliatesForExport } from "../models/affiliates.server";
import { snapshotsOfWeek, snapshotWeekAtOrBefore } from "../models/health.server";
import { kpisByAffiliate } from "../models/kpis.server";

/** The portfolio export's columns, in the contract's order (the other half of data-format.md). */
export const PORTFOLIO_COLUMNS = [
  "affiliate_uid",
  "name",
  "type",
  "country",
  "language",
  "manager_email",
  "joined_at",
  "tenure_months",
  "referrals",
  "verified",
  "deposited",
  "first_trades",
  "traded",
  "active",
  "spot_volume_usd",
  "futures_volume_usd",
  "options_volume_usd",
  "total_volume_usd",
  "spot_commission_usd",
  "futures_commission_usd",
  "total_rewards_usd",
  "fees_usd",
  "futures_adopters",
  "earn_adopters",
  "options_adopters",
  "web3_wallet_adopters",
  "fiat_adopters",
  "health_score",
] as const;

/**
 * One row per affiliate with its KPIs for the weeks `from` … `to`; money with 2 decimals. Text a
 * spreadsheet would read as a formula (a name starting with `=`, `+`, `-`, `@`) gets a leading quote.
 */
export function portfolioExport(database: AppDatabase, opts: { from: string; to: string; managerId?: number }): string[][] {
  const affiliates = listAffiliatesForExport(database, opts.managerId);
  const kpis = kpisByAffiliate(database, opts.from, opts.to, opts.managerId != null ? affiliates.map((a) => a.uid) : undefined);
  const end = periodEnd(opts.to);
  // The health score of the period's last week with scores (empty before any).
  const week = snapshotWeekAtOrBefore(database, opts.to);
  const health = week ? snapshotsOfWeek(database, week) : new Map<string, { score: number | null }>();
  return affiliates.map((a) => {
    const k = kpis.get(a.uid) ?? EMPTY_KPIS;
    const score = health.get(a.uid)?.score;
    return [
      a.uid,
      spreadsheetText(a.name),
      a.type,
      a.country ?? "",
      a.language ?? "",
      spreadsheetText(a.managerEmail ?? ""),
      a.joinedAt ?? "",
      String(tenureMonths(a.joinedAt, end) ?? ""),
      String(k.referrals),
      String(k.verified),
      String(k.deposited),
      String(k.firstTrades),
      String(k.traded),
      String(k.active),
      centsToDecimal(k.spotVolume),
      centsToDecimal(k.futuresVolume),
      centsToDecimal(k.optionsVolume),
      centsToDecimal(totalVolume(k)),
      centsToDecimal(k.spotCommission),
      centsToDecimal(k.futuresCommission),
      centsToDecimal(totalRewards(k)),
      centsToDecimal(k.fees),
      String(k.futuresAdopters),
      String(k.earnAdopters),
      String(k.optionsAdopters),
      String(k.web3WalletAdopters),
      String(k.fiatAdopters),
      score == null ? "" : String(score),
    ];
  });
}

export function toCsv(header: readonly string[], rows: string[][]): string {
  return [toCsvLine(header), ...rows.map((r) => toCsvLine(r))].join("\n") + "\n";
}
