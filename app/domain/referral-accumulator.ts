import { civilFromDays, dateToDays, type ReferralRow } from "./csv";
import { packRows, unpackRows, type PackedRows } from "./row-codec";
import { WEEKS_PER_BLOCK } from "./weeks";

/**
 * What an import gathers from the referral rows as they stream by (in the parse worker), so that
 * the work after the rows is set-based and small: each invitee's latest row, affiliates' first
 * weeks, in-file re-bindings, and — for weeks the database did not hold before ("fresh" weeks,
 * the weekly case and a first load) — the weekly rollups and per-invitee week masks.
 * Pure: no I/O (freshness is asked through a function). Memory grows with invitees and
 * affiliate-weeks, not with rows.
 */

/** Counters of one (affiliate, week, country) group, in this order (the rollup columns). */
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

/** The Monday (`YYYY-MM-DD`) of a date's week, by day arithmetic (1970-01-05 was a Monday). */
export function mondayOfDate(date: string): string {
  const days = dateToDays(date);
  return civilFromDays(days - ((((days - 4) % 7) + 7) % 7));
}

export interface RebindingInFile {
  line: number;
  inviteeUid: string;
  from: string;
  fromLine: number;
  to: string;
  later: boolean;
}

/** The accumulated state, packed to cross back to the writing thread. */
export interface AccumulatedState {
  latest: PackedRows;
  latestLines: Int32Array;
  affiliateFirstWeek: [string, string][];
  rebindingsInFile: RebindingInFile[];
  freshWeeks: string[];
  weeks: string[];
  /** `affiliate\u001fweek\u001fcountry` keys joined by \u001e, and AGG_FIELDS.length numbers each. */
  aggKeys: string;
  agg: Float64Array;
  /** Per block: `affiliate\u001finvitee` keys joined by \u001e, and FLAG_FIELDS.length masks each. */
  flags: { block: number; keys: string; masks: Float64Array }[];
}

interface WeekInfo {
  fresh: boolean;
  block: number;
  bit: number;
}

const SEP = "\u001f";

export class ReferralAccumulator {
  /** Per invitee: its latest row so far, and that row's line. */
  private readonly latestRow = new Map<string, ReferralRow>();
  private readonly latestLine = new Map<string, number>();
  private readonly affiliateFirstWeek = new Map<string, string>();
  private readonly weeks = new Map<string, WeekInfo>();
  /** Small integer ids, so that the rollup keys are numbers, not concatenated strings. */
  private readonly affiliateIds = new Map<string, number>();
  private readonly affiliateUids: string[] = [];
  private readonly countryIds = new Map<string, number>();
  private readonly countries: string[] = [];
  private readonly weekIds = new Map<string, number>();
  private readonly weekList: string[] = [];
  private readonly inviteeIds = new Map<string, number>();
  private readonly inviteeUids: string[] = [];
  /** (affiliate, week, country) → counters */
  private readonly agg = new Map<number, Float64Array>();
  /** block → (invitee, affiliate) → masks */
  private readonly flags = new Map<number, Map<number, number[]>>();
  readonly rebindingsInFile: RebindingInFile[] = [];

  constructor(private readonly isFresh: (week: string) => boolean) {}

  private week(w: string): WeekInfo {
    let info = this.weeks.get(w);
    if (info === undefined) {
      const index = Math.floor((dateToDays(w) - 4) / 7);
      info = { fresh: this.isFresh(w), block: Math.floor(index / WEEKS_PER_BLOCK), bit: index % WEEKS_PER_BLOCK };
      this.weeks.set(w, info);
    }
    return info;
  }

  private id(map: Map<string, number>, list: string[], key: string): number {
    let id = map.get(key);
    if (id === undefined) {
      id = list.length;
      list.push(key);
      map.set(key, id);
    }
    return id;
  }

  add(r: ReferralRow, line: number) {
    const week = this.week(r.weekStart);
    const prev = this.latestRow.get(r.inviteeUid);
    if (prev === undefined || r.weekStart > prev.weekStart) {
      if (prev !== undefined && prev.affiliateUid !== r.affiliateUid) {
        this.rebindingsInFile.push({ line, inviteeUid: r.inviteeUid, from: prev.affiliateUid, fromLine: this.latestLine.get(r.inviteeUid)!, to: r.affiliateUid, later: true });
      }
      this.latestRow.set(r.inviteeUid, r);
      this.latestLine.set(r.inviteeUid, line);
    } else if (prev.affiliateUid !== r.affiliateUid) {
      this.rebindingsInFile.push({ line, inviteeUid: r.inviteeUid, from: r.affiliateUid, fromLine: line, to: prev.affiliateUid, later: false });
    }
    const first = this.affiliateFirstWeek.get(r.affiliateUid);
    if (first === undefined || r.weekStart < first) this.affiliateFirstWeek.set(r.affiliateUid, r.weekStart);
    if (week.fresh) this.addToRollups(r, week);
  }

  private addToRollups(r: ReferralRow, week: WeekInfo) {
    const aff = this.id(this.affiliateIds, this.affiliateUids, r.affiliateUid);
    const wk = this.id(this.weekIds, this.weekList, r.weekStart);
    const ctry = this.id(this.countryIds, this.countries, r.country ?? "");
    // affiliate < 2^20, week < 2^12, country < 2^9: a safe integer key.
    const key = (aff * 4096 + wk) * 512 + ctry;
    let a = this.agg.get(key);
    if (a === undefined) this.agg.set(key, (a = new Float64Array(AGG_FIELDS.length)));
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
    const value = 2 ** week.bit;
    let byKey = this.flags.get(week.block);
    if (byKey === undefined) this.flags.set(week.block, (byKey = new Map()));
    const fkey = this.id(this.inviteeIds, this.inviteeUids, r.inviteeUid) * 1_048_576 + aff;
    let f = byKey.get(fkey);
    if (f === undefined) byKey.set(fkey, (f = [0, 0, 0, 0, 0, 0, 0]));
    // Each (affiliate, invitee, week) comes once per file, so adding the bit is setting it.
    if (traded) f[0] += value;
    f[1] += value;
    if (r.futuresVolumeCents > 0) f[2] += value;
    if (r.earnBalanceCents > 0) f[3] += value;
    if (r.optionsVolumeCents > 0) f[4] += value;
    if (r.web3WalletActive === 1) f[5] += value;
    if (r.fiatVolumeCents > 0) f[6] += value;
  }

  /** Everything gathered, packed for the writing thread (and the memory given back). */
  export(): AccumulatedState {
    const rows: ReferralRow[] = [];
    const lines: number[] = [];
    for (const [uid, row] of this.latestRow) {
      rows.push(row);
      lines.push(this.latestLine.get(uid)!);
    }
    this.latestRow.clear();
    this.latestLine.clear();
    // Groups in (affiliate, week, country) order: the writer sums an affiliate-week's countries as they pass.
    const aggOrder = [...this.agg.keys()].sort((x, y) => x - y);
    const aggKeys = aggOrder.map((key) => {
      const ctry = key % 512;
      const wk = Math.floor(key / 512) % 4096;
      const aff = Math.floor(key / 512 / 4096);
      return this.affiliateUids[aff] + SEP + this.weekList[wk] + SEP + this.countries[ctry];
    });
    const agg = new Float64Array(aggOrder.length * AGG_FIELDS.length);
    aggOrder.forEach((key, i) => agg.set(this.agg.get(key)!, i * AGG_FIELDS.length));
    this.agg.clear();
    const flags: AccumulatedState["flags"] = [];
    for (const [block, byKey] of this.flags) {
      const keys: string[] = [];
      const masks = new Float64Array(byKey.size * FLAG_FIELDS.length);
      let i = 0;
      for (const [key, f] of byKey) {
        keys.push(this.affiliateUids[key % 1_048_576] + SEP + this.inviteeUids[Math.floor(key / 1_048_576)]);
        masks.set(f, i++ * FLAG_FIELDS.length);
      }
      flags.push({ block, keys: keys.join("\u001e"), masks });
    }
    this.flags.clear();
    return {
      latest: packRows(rows),
      latestLines: Int32Array.from(lines),
      affiliateFirstWeek: [...this.affiliateFirstWeek],
      rebindingsInFile: this.rebindingsInFile,
      freshWeeks: [...this.weeks].filter(([, w]) => w.fresh).map(([w]) => w).sort(),
      weeks: [...this.weeks.keys()].sort(),
      aggKeys: aggKeys.join("\u001e"),
      agg,
      flags,
    };
  }
}

/** The latest rows of an exported state, as objects. */
export function latestRows(state: AccumulatedState): { row: ReferralRow; line: number }[] {
  const rows = unpackRows(state.latest);
  return rows.map((row, i) => ({ row, line: state.latestLines[i] }));
}
