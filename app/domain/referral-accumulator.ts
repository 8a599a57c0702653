import { civilFromDays, dateToDays, type ReferralRow } from "./csv";
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
  /** Each invitee's latest row (the attributes kept on `invitees`), in invitee uid order. */
  latest: PackedLatest;
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

/** The text columns of PackedLatest, in this order. */
export const LATEST_TEXTS = [
  "inviteeUid",
  "weekStart",
  "affiliateUid",
  "registeredAt",
  "referralCode",
  "verifiedAt",
  "firstDepositAt",
  "firstTradeAt",
  "country",
  "commissionType",
] as const;

/**
 * The latest row per invitee, column by column: each text column's values joined by \u001e (null
 * as \u0000; a referral code holding a reserved character JSON-encoded behind \u0002), the numbers
 * in typed arrays (NaN = null).
 */
export interface PackedLatest {
  count: number;
  texts: string[];
  vipLevel: Float64Array;
  rebateRate: Float64Array;
  lines: Int32Array;
}

export type LatestColumns = {
  count: number;
  inviteeUid: string[];
  weekStart: string[];
  affiliateUid: string[];
  registeredAt: string[];
  referralCode: (string | null)[];
  verifiedAt: (string | null)[];
  firstDepositAt: (string | null)[];
  firstTradeAt: (string | null)[];
  country: (string | null)[];
  commissionType: (ReferralRow["commissionType"] | null)[];
  vipLevel: Float64Array;
  rebateRate: Float64Array;
  lines: Int32Array;
};

interface WeekInfo {
  fresh: boolean;
  block: number;
  bit: number;
  /** 2 ** bit */
  value: number;
  /** Index in weekList (rollup keys). */
  id: number;
}

const SEP = "\u001f";
const RECORD = "\u001e";
const NULL_TEXT = "\u0000";
// eslint-disable-next-line no-control-regex -- the reserved characters are control characters
const RESERVED = /[\u0000\u0002\u001e\u001f]/;

function growI32(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2, 1024));
  b.set(a);
  return b;
}

function growF64(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2, 1024));
  b.set(a);
  return b;
}

/** Per block: the first flag slot of each invitee (slot + 1; 0 = none), and the slots in order. */
interface FlagBlock {
  block: number;
  head: Int32Array<ArrayBuffer>;
  slots: number[];
}

export class ReferralAccumulator {
  private readonly weeks = new Map<string, WeekInfo>();
  private readonly weekList: string[] = [];
  private lastWeekStr = "";
  private lastWeek: WeekInfo | null = null;
  /** Small integer ids, so that the state is kept in arrays and the rollup keys are numbers. */
  private readonly affiliateIds = new Map<string, number>();
  private readonly affiliateUids: string[] = [];
  private readonly affiliateFirst: string[] = [];
  private lastAffStr = "";
  private lastAff = -1;
  private readonly countryIds = new Map<string, number>();
  private readonly countries: string[] = [];
  private readonly inviteeIds = new Map<string, number>();
  private readonly inviteeUids: string[] = [];
  /** Per invitee (by id): its latest row so far, column by column, and that row's line. */
  private invWeek: string[] = [];
  private invAff = new Int32Array(0);
  private invLine = new Int32Array(0);
  private invRegistered: string[] = [];
  private invCode: (string | null)[] = [];
  private invVerified: (string | null)[] = [];
  private invDeposit: (string | null)[] = [];
  private invTrade: (string | null)[] = [];
  private invCountry: (string | null)[] = [];
  private invCommission: (ReferralRow["commissionType"] | null)[] = [];
  private invVip = new Float64Array(0);
  private invRebate = new Float64Array(0);
  /** (affiliate, week) pairs → pair index; (pair, country) → group slot with AGG_FIELDS counters. */
  private readonly pairIds = new Map<number, number>();
  private pairKey: number[] = [];
  private lastPairAff = -1;
  private lastPairWeek = -1;
  private lastPair = -1;
  private readonly groupIds = new Map<number, number>();
  private groupKey: number[] = [];
  private aggValues = new Float64Array(0);
  /** Week masks: slots of (invitee, affiliate) per block, chained per invitee. */
  private readonly flagBlocks: FlagBlock[] = [];
  private flagAff = new Int32Array(0);
  private flagInv = new Int32Array(0);
  private flagNext = new Int32Array(0);
  private flagMasks = new Float64Array(0);
  private flagCount = 0;
  readonly rebindingsInFile: RebindingInFile[] = [];

  constructor(private readonly isFresh: (week: string) => boolean) {}

  private week(w: string): WeekInfo {
    if (w === this.lastWeekStr) return this.lastWeek!;
    let info = this.weeks.get(w);
    if (info === undefined) {
      const index = Math.floor((dateToDays(w) - 4) / 7);
      const bit = index % WEEKS_PER_BLOCK;
      info = { fresh: this.isFresh(w), block: Math.floor(index / WEEKS_PER_BLOCK), bit, value: 2 ** bit, id: this.weekList.length };
      this.weekList.push(w);
      this.weeks.set(w, info);
    }
    this.lastWeekStr = w;
    this.lastWeek = info;
    return info;
  }

  private affiliate(uid: string, week: string): number {
    if (uid === this.lastAffStr) {
      if (week < this.affiliateFirst[this.lastAff]) this.affiliateFirst[this.lastAff] = week;
      return this.lastAff;
    }
    let id = this.affiliateIds.get(uid);
    if (id === undefined) {
      id = this.affiliateUids.length;
      this.affiliateUids.push(uid);
      this.affiliateFirst.push(week);
      this.affiliateIds.set(uid, id);
    } else if (week < this.affiliateFirst[id]) this.affiliateFirst[id] = week;
    this.lastAffStr = uid;
    this.lastAff = id;
    return id;
  }

  private country(c: string): number {
    let id = this.countryIds.get(c);
    if (id === undefined) {
      id = this.countries.length;
      this.countries.push(c);
      this.countryIds.set(c, id);
    }
    return id;
  }

  private setLatest(inv: number, r: ReferralRow, aff: number, line: number) {
    this.invWeek[inv] = r.weekStart;
    this.invAff[inv] = aff;
    this.invLine[inv] = line;
    this.invRegistered[inv] = r.registeredAt;
    this.invCode[inv] = r.referralCode;
    this.invVerified[inv] = r.verifiedAt;
    this.invDeposit[inv] = r.firstDepositAt;
    this.invTrade[inv] = r.firstTradeAt;
    this.invCountry[inv] = r.country;
    this.invCommission[inv] = r.commissionType;
    this.invVip[inv] = r.vipLevel === null ? NaN : r.vipLevel;
    this.invRebate[inv] = r.rebateRate === null ? NaN : r.rebateRate;
  }

  add(r: ReferralRow, line: number) {
    const week = this.week(r.weekStart);
    const aff = this.affiliate(r.affiliateUid, r.weekStart);
    let inv = this.inviteeIds.get(r.inviteeUid);
    if (inv === undefined) {
      inv = this.inviteeUids.length;
      this.inviteeUids.push(r.inviteeUid);
      this.inviteeIds.set(r.inviteeUid, inv);
      const n = inv + 1;
      this.invAff = growI32(this.invAff, n);
      this.invLine = growI32(this.invLine, n);
      this.invVip = growF64(this.invVip, n);
      this.invRebate = growF64(this.invRebate, n);
      this.invWeek.push(r.weekStart);
      this.invRegistered.push(r.registeredAt);
      this.invCode.push(r.referralCode);
      this.invVerified.push(r.verifiedAt);
      this.invDeposit.push(r.firstDepositAt);
      this.invTrade.push(r.firstTradeAt);
      this.invCountry.push(r.country);
      this.invCommission.push(r.commissionType);
      this.setLatest(inv, r, aff, line);
    } else if (r.weekStart > this.invWeek[inv]) {
      const prevAff = this.invAff[inv];
      if (prevAff !== aff) {
        this.rebindingsInFile.push({ line, inviteeUid: r.inviteeUid, from: this.affiliateUids[prevAff], fromLine: this.invLine[inv], to: r.affiliateUid, later: true });
      }
      this.setLatest(inv, r, aff, line);
    } else if (this.invAff[inv] !== aff) {
      this.rebindingsInFile.push({ line, inviteeUid: r.inviteeUid, from: r.affiliateUid, fromLine: line, to: this.affiliateUids[this.invAff[inv]], later: false });
    }
    if (week.fresh) this.addToRollups(r, week, aff, inv);
  }

  private addToRollups(r: ReferralRow, week: WeekInfo, aff: number, inv: number) {
    let pair = this.lastPair;
    if (aff !== this.lastPairAff || week.id !== this.lastPairWeek) {
      const pk = aff * 4096 + week.id;
      const found = this.pairIds.get(pk);
      if (found === undefined) {
        pair = this.pairKey.length;
        this.pairKey.push(pk);
        this.pairIds.set(pk, pair);
      } else pair = found;
      this.lastPair = pair;
      this.lastPairAff = aff;
      this.lastPairWeek = week.id;
    }
    // affiliate < 2^20, week < 2^12, country < 2^9.
    const ctry = this.country(r.country ?? "");
    const gk = pair * 512 + ctry;
    let g = this.groupIds.get(gk);
    const n = AGG_FIELDS.length;
    if (g === undefined) {
      g = this.groupKey.length;
      this.groupKey.push(this.pairKey[pair] * 512 + ctry);
      this.groupIds.set(gk, g);
      this.aggValues = growF64(this.aggValues, (g + 1) * n);
    }
    const a = this.aggValues;
    const o = g * n;
    const traded = isTraded(r);
    const active = isActive(r);
    a[o]++;
    if (traded) a[o + 1]++;
    if (active) a[o + 2]++;
    if (r.futuresVolumeCents > 0) a[o + 3]++;
    if (r.earnBalanceCents > 0) a[o + 4]++;
    if (r.optionsVolumeCents > 0) a[o + 5]++;
    if (r.web3WalletActive === 1) a[o + 6]++;
    if (r.fiatVolumeCents > 0) a[o + 7]++;
    a[o + 8] += r.spotVolumeCents;
    a[o + 9] += r.futuresVolumeCents;
    a[o + 10] += r.optionsVolumeCents;
    a[o + 11] += r.fiatVolumeCents;
    a[o + 12] += r.earnBalanceCents;
    a[o + 13] += r.spotCommissionCents;
    a[o + 14] += r.futuresCommissionCents;
    a[o + 15] += r.feesCents;
    if (!active) return;
    const value = week.value;
    let fb: FlagBlock | undefined;
    for (const b of this.flagBlocks) if (b.block === week.block) fb = b;
    if (fb === undefined) this.flagBlocks.push((fb = { block: week.block, head: new Int32Array(0), slots: [] }));
    fb.head = growI32(fb.head, this.inviteeUids.length);
    let s = fb.head[inv] - 1;
    while (s >= 0 && this.flagAff[s] !== aff) s = this.flagNext[s] - 1;
    if (s < 0) {
      s = this.flagCount++;
      this.flagAff = growI32(this.flagAff, s + 1);
      this.flagInv = growI32(this.flagInv, s + 1);
      this.flagNext = growI32(this.flagNext, s + 1);
      this.flagMasks = growF64(this.flagMasks, (s + 1) * FLAG_FIELDS.length);
      this.flagAff[s] = aff;
      this.flagInv[s] = inv;
      this.flagNext[s] = fb.head[inv];
      fb.head[inv] = s + 1;
      fb.slots.push(s);
    }
    const f = this.flagMasks;
    const m = s * FLAG_FIELDS.length;
    // Each (affiliate, invitee, week) comes once per file, so adding the bit is setting it.
    if (traded) f[m] += value;
    f[m + 1] += value;
    if (r.futuresVolumeCents > 0) f[m + 2] += value;
    if (r.earnBalanceCents > 0) f[m + 3] += value;
    if (r.optionsVolumeCents > 0) f[m + 4] += value;
    if (r.web3WalletActive === 1) f[m + 5] += value;
    if (r.fiatVolumeCents > 0) f[m + 6] += value;
  }

  private exportLatest(): PackedLatest {
    const uids = this.inviteeUids.slice().sort();
    const count = uids.length;
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = this.inviteeIds.get(uids[i])!;
    // The memory is given back column by column, as the columns are packed.
    this.inviteeIds.clear();
    const col = (values: readonly (string | null)[]) => {
      const out = new Array<string>(count);
      for (let i = 0; i < count; i++) {
        const v = values[order[i]];
        out[i] = v === null ? NULL_TEXT : v;
      }
      return out.join(RECORD);
    };
    const codes = this.invCode.map((c) => (c !== null && RESERVED.test(c) ? "\u0002" + JSON.stringify(c) : c));
    this.invCode = [];
    const texts = [uids.join(RECORD)];
    texts.push(col(this.invWeek));
    this.invWeek = [];
    const affiliates = new Array<string>(count);
    for (let i = 0; i < count; i++) affiliates[i] = this.affiliateUids[this.invAff[order[i]]];
    texts.push(affiliates.join(RECORD));
    texts.push(col(this.invRegistered));
    this.invRegistered = [];
    texts.push(col(codes));
    texts.push(col(this.invVerified));
    this.invVerified = [];
    texts.push(col(this.invDeposit));
    this.invDeposit = [];
    texts.push(col(this.invTrade));
    this.invTrade = [];
    texts.push(col(this.invCountry));
    this.invCountry = [];
    texts.push(col(this.invCommission));
    this.invCommission = [];
    const vipLevel = new Float64Array(count);
    const rebateRate = new Float64Array(count);
    const lines = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const inv = order[i];
      vipLevel[i] = this.invVip[inv];
      rebateRate[i] = this.invRebate[inv];
      lines[i] = this.invLine[inv];
    }
    this.invVip = new Float64Array(0);
    this.invRebate = new Float64Array(0);
    this.invLine = new Int32Array(0);
    this.invAff = new Int32Array(0);
    return { count, texts, vipLevel, rebateRate, lines };
  }

  /** Everything gathered, packed for the writing thread (and the memory given back). */
  export(): AccumulatedState {
    const latest = this.exportLatest();
    // Groups in (affiliate, week, country) order: the writer sums an affiliate-week's countries as they pass.
    const n = AGG_FIELDS.length;
    const groups = this.groupKey.length;
    const aggOrder = Array.from({ length: groups }, (_, i) => i).sort((x, y) => this.groupKey[x] - this.groupKey[y]);
    const aggKeys = new Array<string>(groups);
    const agg = new Float64Array(groups * n);
    for (let i = 0; i < groups; i++) {
      const g = aggOrder[i];
      const key = this.groupKey[g];
      const ctry = key % 512;
      const wk = Math.floor(key / 512) % 4096;
      const aff = Math.floor(key / 512 / 4096);
      aggKeys[i] = this.affiliateUids[aff] + SEP + this.weekList[wk] + SEP + this.countries[ctry];
      agg.set(this.aggValues.subarray(g * n, (g + 1) * n), i * n);
    }
    this.aggValues = new Float64Array(0);
    this.groupIds.clear();
    this.pairIds.clear();
    this.groupKey = [];
    this.pairKey = [];
    const fn = FLAG_FIELDS.length;
    const flags: AccumulatedState["flags"] = [];
    for (const { block, slots } of this.flagBlocks) {
      const keys = new Array<string>(slots.length);
      const masks = new Float64Array(slots.length * fn);
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i];
        keys[i] = this.affiliateUids[this.flagAff[s]] + SEP + this.inviteeUids[this.flagInv[s]];
        masks.set(this.flagMasks.subarray(s * fn, (s + 1) * fn), i * fn);
      }
      flags.push({ block, keys: keys.join(RECORD), masks });
    }
    this.flagBlocks.length = 0;
    this.flagMasks = new Float64Array(0);
    const weeks = [...this.weeks.keys()].sort();
    return {
      latest,
      affiliateFirstWeek: this.affiliateUids.map((uid, i) => [uid, this.affiliateFirst[i]] as [string, string]),
      rebindingsInFile: this.rebindingsInFile,
      freshWeeks: weeks.filter((w) => this.weeks.get(w)!.fresh),
      weeks,
      aggKeys: aggKeys.join(RECORD),
      agg,
      flags,
    };
  }
}

const nullable = (s: string) => (s === NULL_TEXT ? null : s);

/** The latest rows of an exported state, column by column (in invitee uid order). */
export function latestColumns(state: AccumulatedState): LatestColumns {
  const p = state.latest;
  const col = (i: number) => (p.count === 0 ? [] : p.texts[i].split(RECORD));
  const nulls = (i: number) => col(i).map(nullable);
  return {
    count: p.count,
    inviteeUid: col(0),
    weekStart: col(1),
    affiliateUid: col(2),
    registeredAt: col(3),
    referralCode: col(4).map((s) => (s === NULL_TEXT ? null : s.charCodeAt(0) === 2 ? (JSON.parse(s.slice(1)) as string) : s)),
    verifiedAt: nulls(5),
    firstDepositAt: nulls(6),
    firstTradeAt: nulls(7),
    country: nulls(8),
    commissionType: nulls(9) as LatestColumns["commissionType"],
    vipLevel: p.vipLevel,
    rebateRate: p.rebateRate,
    lines: p.lines,
  };
}
