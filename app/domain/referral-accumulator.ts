import type { ReferralRow } from "./csv";
import { weekBlock } from "./weeks";

/**
 * What an import gathers from the referral rows as they stream by, so that the work after the
 * rows is set-based and small: each invitee's latest row, affiliates' first weeks, and —
 * for weeks the database did not hold before ("fresh" weeks, the usual weekly case) — the weekly
 * rollups and per-invitee week masks, summed here instead of re-reading the facts.
 * Pure: no I/O. Memory grows with invitees and affiliate-weeks, not with rows.
 */

/** Counters of one (affiliate, week, country) group, in this order. */
export const AGG_FIELDS = [
  "rows",
  "traded",
  "active",
  "futures_adopters",
  "earn_adopters",
  "options_adopters",
  "web3_wallet_adopters",
  "fiat_adopters",
  "spot_volume",
  "futures_volume",
  "options_volume",
  "fiat_volume",
  "earn_balance",
  "spot_commission",
  "futures_commission",
  "fees",
] as const;

/** Masks of one (affiliate, invitee, block), in this order (the columns of rollup_invitee_flags). */
export const FLAG_FIELDS = ["traded", "active", "futures", "earn", "options", "web3_wallet", "fiat"] as const;

export function isTraded(r: ReferralRow) {
  return r.spotVolumeCents + r.futuresVolumeCents + r.optionsVolumeCents > 0;
}

export function isActive(r: ReferralRow) {
  return r.spotVolumeCents + r.futuresVolumeCents + r.optionsVolumeCents + r.fiatVolumeCents > 0 || r.earnBalanceCents > 0 || r.web3WalletActive === 1;
}

export interface LatestRow {
  row: ReferralRow;
  line: number;
}

export interface RebindingInFile {
  line: number;
  inviteeUid: string;
  from: string;
  fromLine: number;
  to: string;
  later: boolean;
}

export class ReferralAccumulator {
  /** Per invitee, its row of the latest week in the file. */
  readonly latest = new Map<string, LatestRow>();
  readonly affiliateFirstWeek = new Map<string, string>();
  /** Every week of the file, and whether the database held rows of it before (`false` = fresh). */
  readonly weeks = new Map<string, { fresh: boolean; changed: number }>();
  /** Fresh weeks' rollups: `affiliate\tweek\tcountry` → counters (AGG_FIELDS). */
  readonly agg = new Map<string, number[]>();
  /** Fresh weeks' masks: block → `affiliate\tinvitee` → masks (FLAG_FIELDS). */
  readonly flags = new Map<number, Map<string, number[]>>();
  readonly rebindingsInFile: RebindingInFile[] = [];

  constructor(private readonly isFresh: (week: string) => boolean) {}

  /**
   * One valid row. `write` stores it and says whether that changed the database; it is called
   * after the row's week has been checked for freshness.
   */
  add(r: ReferralRow, line: number, write: (r: ReferralRow) => boolean): boolean {
    let week = this.weeks.get(r.weekStart);
    if (week === undefined) {
      week = { fresh: this.isFresh(r.weekStart), changed: 0 };
      this.weeks.set(r.weekStart, week);
    }
    const changed = write(r);
    if (changed) week.changed++;

    const prev = this.latest.get(r.inviteeUid);
    if (prev === undefined || r.weekStart > prev.row.weekStart) {
      if (prev !== undefined && prev.row.affiliateUid !== r.affiliateUid) {
        this.rebindingsInFile.push({ line, inviteeUid: r.inviteeUid, from: prev.row.affiliateUid, fromLine: prev.line, to: r.affiliateUid, later: true });
      }
      this.latest.set(r.inviteeUid, { row: r, line });
    } else if (prev.row.affiliateUid !== r.affiliateUid) {
      this.rebindingsInFile.push({ line, inviteeUid: r.inviteeUid, from: r.affiliateUid, fromLine: line, to: prev.row.affiliateUid, later: false });
    }
    const first = this.affiliateFirstWeek.get(r.affiliateUid);
    if (first === undefined || r.weekStart < first) this.affiliateFirstWeek.set(r.affiliateUid, r.weekStart);
    if (week.fresh) this.addToRollups(r);
    return changed;
  }

  private addToRollups(r: ReferralRow) {
    const key = r.affiliateUid + "\t" + r.weekStart + "\t" + (r.country ?? "");
    let a = this.agg.get(key);
    if (a === undefined) {
      a = new Array(AGG_FIELDS.length).fill(0);
      this.agg.set(key, a);
    }
    const traded = isTraded(r);
    const active = isActive(r);
    a[0]++;
    if (traded) a[1]++;
    if (active) a[2]++;
    if (r.futuresVolumeCents > 0) a[3]++;
    if (r.earnBalanceCents > 0) a[4]++;
    if (r.optionsVolumeCents > 0) a[5]++;
    if (r.web3WalletActive === 1) a[6]++;
    if (r.fiatVolumeCents > 0) a[7]++;
    a[8] += r.spotVolumeCents;
    a[9] += r.futuresVolumeCents;
    a[10] += r.optionsVolumeCents;
    a[11] += r.fiatVolumeCents;
    a[12] += r.earnBalanceCents;
    a[13] += r.spotCommissionCents;
    a[14] += r.futuresCommissionCents;
    a[15] += r.feesCents;
    if (!active) return;
    const { block, bit } = weekBlock(r.weekStart);
    const value = 2 ** bit;
    let byInvitee = this.flags.get(block);
    if (byInvitee === undefined) {
      byInvitee = new Map();
      this.flags.set(block, byInvitee);
    }
    const fkey = r.affiliateUid + "\t" + r.inviteeUid;
    let f = byInvitee.get(fkey);
    if (f === undefined) {
      f = [0, 0, 0, 0, 0, 0, 0];
      byInvitee.set(fkey, f);
    }
    // Each (affiliate, invitee, week) comes once per file, so adding the bit is setting it.
    if (traded) f[0] += value;
    f[1] += value;
    if (r.futuresVolumeCents > 0) f[2] += value;
    if (r.earnBalanceCents > 0) f[3] += value;
    if (r.optionsVolumeCents > 0) f[4] += value;
    if (r.web3WalletActive === 1) f[5] += value;
    if (r.fiatVolumeCents > 0) f[6] += value;
  }

  /** Weeks the database held before that this file changed: their rollups are recomputed from the facts. */
  staleWeeks(): string[] {
    return [...this.weeks].filter(([, w]) => !w.fresh && w.changed > 0).map(([week]) => week).sort();
  }

  freshWeeks(): string[] {
    return [...this.weeks].filter(([, w]) => w.fresh).map(([week]) => week).sort();
  }
}
