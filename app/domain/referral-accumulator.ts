import { civilFromDays, dateToDays, UidLineTable, type ReferralRow } from "./csv";
import { weekBlock } from "./week-blocks";
import { FunnelCounter, type FunnelChunk } from "./funnel-counter";
import { RECORD_TEXTS, RunMerge, RunWriter, type RunRecord, type RunSpill } from "./invitee-runs";

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

/**
 * The accumulated state, packed to cross back to the writing thread in chunks of at most
 * EXPORT_CHUNK entries: small pieces are made and dropped without growing either thread's heap
 * (a few large arrays and strings would each live until a full garbage collection).
 */
export interface AccumulatedState {
  /** Each invitee's latest row (the attributes kept on `invitees`), in invitee uid order. */
  latest: PackedLatest[];
  affiliateFirstWeek: [string, string][];
  rebindingsInFile: RebindingInFile[];
  freshWeeks: string[];
  weeks: string[];
  /** Rollup groups of fresh weeks in (affiliate, week, country) order. */
  agg: AggChunk[];
  /** Per block: `affiliate\u001finvitee` keys in key order, and FLAG_FIELDS.length masks each. */
  flags: { block: number; chunks: KeyedChunk[] }[];
  /**
   * The funnel cells of the invitees' latest rows (their contributions in; the writer takes out
   * what it replaces), when `funnelCounted`: the parse worker counts them for a first load (no
   * invitee stored), where nothing is taken out; otherwise the writer counts the differences.
   */
  funnel: FunnelChunk[];
  funnelCounted: boolean;
}

/** Keys joined by \u001e, and a fixed number of values per key. */
export interface KeyedChunk {
  keys: string;
  values: Float64Array;
}

/**
 * Rollup groups (affiliate, week, country), each column's values joined by \u001e, and
 * AGG_FIELDS.length numbers per group; with the affiliate-weeks the chunk completes, summed over
 * their countries (`affiliate\u001fweek` keys, AGG_FIELDS.length numbers each).
 */
export interface AggChunk {
  affiliates: string;
  weeks: string;
  countries: string;
  values: Float64Array;
  weekRows: KeyedChunk;
}

export const EXPORT_CHUNK = 8192;

/**
 * Invitees whose latest row, re-bindings and week masks an accumulator with a RunSpill follows in
 * memory (~200 bytes each with their masks); the rows of the invitees met after them are put away
 * in sorted runs and worked out at the end, one invitee at a time (see invitee-runs.ts). The
 * benchmark's 1M-row file has 284k invitees and stays in memory.
 */
export const INVITEES_IN_MEMORY = 300_000;

/**
 * Funnel cells the export counts before it hands them over and starts again from zero (the
 * writer adds each set to what it wrote: sums, exact in any number of parts). The benchmark's
 * 1M-row file has ~166k cells: handed over once, at the end, as before.
 */
export const FUNNEL_CELLS_IN_MEMORY = 262_144;

/** Rollup groups held before the accumulator flushes them at the start of a new week (see takeRollups). */
export const ROLLUP_FLUSH_GROUPS = 4096;

/**
 * The latest row per invitee, column by column: each text column's values joined by \u001e (null
 * as \u0000; a referral code holding a reserved character JSON-encoded behind \u0002), the numbers
 * in typed arrays (NaN = null). `texts` in this order: inviteeUid, weekStart, affiliateUid,
 * registeredAt, referralCode, verifiedAt, firstDepositAt, firstTradeAt, country, commissionType.
 */
export interface PackedLatest {
  count: number;
  texts: string[];
  vipLevel: Float64Array;
  rebateRate: Float64Array;
  lines: Int32Array;
}

interface WeekInfo {
  fresh: boolean;
  block: number;
  /** The week's bit in its block's masks, 2 ** bit. */
  value: number;
  /** Index in weekList (rollup keys). */
  id: number;
}

const SEP = "\u001f";
const RECORD = "\u001e";
const NULL_TEXT = "\u0000";
// eslint-disable-next-line no-control-regex -- the reserved characters are control characters
const RESERVED = /[\u0000\u0002\u001e\u001f]/;

/** `a`, or a copy with room for `n` values: twice as many, but no more than `limit` (when n ≤ limit). */
function growI32(a: Int32Array<ArrayBuffer>, n: number, limit = Infinity): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, Math.min(Math.max(a.length * 2, 1024), limit)));
  b.set(a);
  return b;
}

function growF64(a: Float64Array<ArrayBuffer>, n: number, limit = Infinity): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, Math.min(Math.max(a.length * 2, 1024), limit)));
  b.set(a);
  return b;
}

/** The accumulator's per-invitee arrays (grown and let go together). */
const INVITEE_I32 = ["invWeek", "invAff", "invLine", "invRegistered", "invCode", "invVerified", "invDeposit", "invTrade", "invCountry", "invCommission"] as const;
const INVITEE_F64 = ["invVip", "invRebate"] as const;

/** Per block: the first flag slot of each invitee (slot + 1; 0 = none), and the slots in order. */
interface FlagBlock {
  block: number;
  head: Int32Array<ArrayBuffer>;
  slots: number[];
}

/**
 * The rank of each value of a list in sorted order, recomputed only when the list has grown
 * (the lists of a file's affiliates, weeks and countries only grow, and stop growing early).
 */
class Ranks {
  private length = -1;
  private ranks = new Float64Array(0);
  of(values: readonly string[]): Float64Array {
    if (values.length !== this.length) {
      const r = new Float64Array(values.length);
      Array.from(values.keys())
        .sort((x, y) => (values[x] < values[y] ? -1 : values[x] > values[y] ? 1 : 0))
        .forEach((id, i) => (r[id] = i));
      this.ranks = r;
      this.length = values.length;
    }
    return this.ranks;
  }
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
  /** Country id + 1 by the two letters of an upper-case code (0: not seen yet). */
  private readonly countryByLetters = new Int32Array(32 * 32);
  private readonly countries: string[] = [];
  /** Invitee uid → id + 1: an open-addressing table on a typed array, no string compared or kept per lookup. */
  private inviteeIds = new UidLineTable(1 << 16);
  private readonly inviteeUids: string[] = [];
  /**
   * Per invitee (by id): its latest row so far, column by column, and that row's line. No string
   * per invitee: the week as its id in weekList, the text attributes as ids of distinct texts
   * (dates, codes, countries, commission types repeat across invitees; -1 = null).
   */
  private invWeek = new Int32Array(0);
  private invAff = new Int32Array(0);
  private invLine = new Int32Array(0);
  private invRegistered = new Int32Array(0);
  private invCode = new Int32Array(0);
  private invVerified = new Int32Array(0);
  private invDeposit = new Int32Array(0);
  private invTrade = new Int32Array(0);
  private invCountry = new Int32Array(0);
  private invCommission = new Int32Array(0);
  private readonly texts: string[] = [];
  private readonly textIds = new Map<string, number>();
  private invVip = new Float64Array(0);
  private invRebate = new Float64Array(0);
  /** (affiliate, week) pairs → pair index; (pair, country) → group slot with AGG_FIELDS counters. */
  private readonly pairIds = new Map<number, number>();
  private pairKey: number[] = [];
  private lastPairAff = -1;
  private lastPairWeek = -1;
  private lastPair = -1;
  private readonly groupIds = new Map<number, number>();
  /** The last pair's group + 1 by country id (0: not looked up yet), and the countries set. */
  private readonly pairGroups = new Int32Array(512);
  private readonly pairCountries = new Int32Array(512);
  private pairCountriesUsed = 0;
  private groupKey: number[] = [];
  /** The fresh week of the last row summed, and the chunks flushed since the last takeRollups. */
  private rollupWeek = -1;
  private flushed: AggChunk[] = [];
  private aggValues = new Float64Array(0);
  /** Sorted ranks of the affiliates, weeks and countries, for the order of the rollup flushes. */
  private readonly ranks = { affiliates: new Ranks(), weeks: new Ranks(), countries: new Ranks() };
  /** Week masks: slots of (invitee, affiliate) per block, chained per invitee. */
  private readonly flagBlocks: FlagBlock[] = [];
  private flagAff = new Int32Array(0);
  private flagInv = new Int32Array(0);
  private flagNext = new Int32Array(0);
  private flagMasks = new Float64Array(0);
  private flagCount = 0;
  readonly rebindingsInFile: RebindingInFile[] = [];
  /** Where the rows of invitees past `inviteesInMemory` go (null: every invitee in memory). */
  private readonly runs: RunWriter | null;
  private readonly runSpill: RunSpill | null;
  private readonly inviteesInMemory: number;
  private readonly readBytes: number | undefined;
  private readonly funnelCellsInMemory: number;
  private readonly recordTexts = new Int32Array(RECORD_TEXTS);

  constructor(
    private readonly isFresh: (week: string) => boolean,
    opts: { runSpill?: RunSpill; inviteesInMemory?: number; runRecords?: number; readBytes?: number; funnelCellsInMemory?: number } = {},
  ) {
    this.funnelCellsInMemory = opts.funnelCellsInMemory ?? FUNNEL_CELLS_IN_MEMORY;
    this.runSpill = opts.runSpill ?? null;
    this.runs = this.runSpill ? new RunWriter(this.runSpill, opts.runRecords) : null;
    this.readBytes = opts.readBytes;
    this.inviteesInMemory = this.runSpill ? (opts.inviteesInMemory ?? INVITEES_IN_MEMORY) : Infinity;
  }

  /** Rows put away in runs (of invitees past `inviteesInMemory`). */
  get rowsPutAway(): number {
    return this.runs?.rows ?? 0;
  }

  private week(w: string): WeekInfo {
    if (w === this.lastWeekStr) return this.lastWeek!;
    let info = this.weeks.get(w);
    if (info === undefined) {
      const { block, bit } = weekBlock(w);
      info = { fresh: this.isFresh(w), block, value: 2 ** bit, id: this.weekList.length };
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

  private country(c: string | null): number {
    // The contract's countries are two upper-case letters: an array index, no string hashed.
    let fast = -1;
    if (c !== null && c.length === 2) {
      const a = c.charCodeAt(0) - 65;
      const b = c.charCodeAt(1) - 65;
      if (a >= 0 && a < 26 && b >= 0 && b < 26) {
        fast = a * 32 + b;
        const known = this.countryByLetters[fast];
        if (known !== 0) return known - 1;
      }
    }
    const key = c ?? "";
    let id = this.countryIds.get(key);
    if (id === undefined) {
      id = this.countries.length;
      this.countries.push(key);
      this.countryIds.set(key, id);
    }
    if (fast >= 0) this.countryByLetters[fast] = id + 1;
    return id;
  }

  /** The id of a text attribute (-1 for null); `was` is the invitee's id so far, kept when the text is the same. */
  private text(s: string | null, was: number): number {
    if (s === null) return -1;
    if (was >= 0 && this.texts[was] === s) return was;
    let id = this.textIds.get(s);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(s);
      this.textIds.set(s, id);
    }
    return id;
  }

  private textOf(id: number): string | null {
    return id < 0 ? null : this.texts[id];
  }

  private setLatest(inv: number, r: ReferralRow, week: WeekInfo, aff: number, line: number) {
    this.invWeek[inv] = week.id;
    this.invAff[inv] = aff;
    this.invLine[inv] = line;
    this.invRegistered[inv] = this.text(r.registeredAt, this.invRegistered[inv]);
    this.invCode[inv] = this.text(r.referralCode, this.invCode[inv]);
    this.invVerified[inv] = this.text(r.verifiedAt, this.invVerified[inv]);
    this.invDeposit[inv] = this.text(r.firstDepositAt, this.invDeposit[inv]);
    this.invTrade[inv] = this.text(r.firstTradeAt, this.invTrade[inv]);
    this.invCountry[inv] = this.text(r.country, this.invCountry[inv]);
    this.invCommission[inv] = this.text(r.commissionType, this.invCommission[inv]);
    this.invVip[inv] = r.vipLevel === null ? NaN : r.vipLevel;
    this.invRebate[inv] = r.rebateRate === null ? NaN : r.rebateRate;
  }

  add(r: ReferralRow, line: number) {
    const week = this.week(r.weekStart);
    const aff = this.affiliate(r.affiliateUid, r.weekStart);
    const fresh = this.inviteeUids.length;
    let inv: number;
    if (fresh < this.inviteesInMemory) inv = this.inviteeIds.firstLine(r.inviteeUid, fresh + 1) - 1;
    else {
      inv = this.inviteeIds.find(r.inviteeUid) - 1;
      if (inv < 0) {
        // An invitee past those followed in memory: its row is put away, its rollups summed as any.
        this.putAway(r, week, aff, line);
        if (week.fresh) {
          this.startRollupWeek(week);
          this.addToRollups(r, week, aff, -1);
        }
        return;
      }
    }
    if (inv < 0) {
      inv = fresh;
      this.inviteeUids.push(r.inviteeUid);
      if (inv >= this.invWeek.length) this.growInvitees(inv + 1);
      // No text so far (a grown array's slots may hold anything: 0 is a text id).
      this.invRegistered[inv] = this.invCode[inv] = this.invVerified[inv] = this.invDeposit[inv] = this.invTrade[inv] = this.invCountry[inv] = this.invCommission[inv] = -1;
      this.setLatest(inv, r, week, aff, line);
    } else if (r.weekStart > this.weekList[this.invWeek[inv]]) {
      const prevAff = this.invAff[inv];
      if (prevAff !== aff) {
        this.rebindingsInFile.push({ line, inviteeUid: r.inviteeUid, from: this.affiliateUids[prevAff], fromLine: this.invLine[inv], to: r.affiliateUid, later: true });
      }
      this.setLatest(inv, r, week, aff, line);
    } else if (this.invAff[inv] !== aff) {
      this.rebindingsInFile.push({ line, inviteeUid: r.inviteeUid, from: r.affiliateUid, fromLine: line, to: this.affiliateUids[this.invAff[inv]], later: false });
    }
    if (week.fresh) {
      this.startRollupWeek(week);
      this.addToRollups(r, week, aff, inv);
    }
  }

  private startRollupWeek(week: WeekInfo) {
    if (week.id !== this.rollupWeek) {
      if (this.groupKey.length >= ROLLUP_FLUSH_GROUPS) for (const chunk of this.rollupChunks()) this.flushed.push(chunk);
      this.rollupWeek = week.id;
    }
  }

  /** A row of an invitee not followed in memory, into the runs: what its latest row and masks need. */
  private putAway(r: ReferralRow, week: WeekInfo, aff: number, line: number) {
    const t = this.recordTexts;
    t[0] = this.text(r.registeredAt, -1);
    t[1] = this.text(r.referralCode, -1);
    t[2] = this.text(r.verifiedAt, -1);
    t[3] = this.text(r.firstDepositAt, -1);
    t[4] = this.text(r.firstTradeAt, -1);
    t[5] = this.text(r.country, -1);
    t[6] = this.text(r.commissionType, -1);
    let flags = 0;
    if (week.fresh && isActive(r)) {
      // FLAG_FIELDS order: traded, active, futures, earn, options, web3_wallet, fiat.
      flags = 2;
      if (isTraded(r)) flags |= 1;
      if (r.futuresVolumeCents > 0) flags |= 4;
      if (r.earnBalanceCents > 0) flags |= 8;
      if (r.optionsVolumeCents > 0) flags |= 16;
      if (r.web3WalletActive === 1) flags |= 32;
      if (r.fiatVolumeCents > 0) flags |= 64;
    }
    this.runs!.add(r.inviteeUid, line, week.id, aff, t, r.vipLevel === null ? NaN : r.vipLevel, r.rebateRate === null ? NaN : r.rebateRate, flags);
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
      for (let i = 0; i < this.pairCountriesUsed; i++) this.pairGroups[this.pairCountries[i]] = 0;
      this.pairCountriesUsed = 0;
    }
    // affiliate < 2^20, week < 2^12, country < 2^9.
    const ctry = this.country(r.country);
    const n = AGG_FIELDS.length;
    // The current pair's groups by country first (rows come grouped by affiliate), the map of all groups after.
    let g = this.pairGroups[ctry] - 1;
    if (g < 0) {
      const gk = pair * 512 + ctry;
      const found = this.groupIds.get(gk);
      if (found === undefined) {
        g = this.groupKey.length;
        this.groupKey.push(this.pairKey[pair] * 512 + ctry);
        this.groupIds.set(gk, g);
        this.aggValues = growF64(this.aggValues, (g + 1) * n);
      } else g = found;
      this.pairGroups[ctry] = g + 1;
      this.pairCountries[this.pairCountriesUsed++] = ctry;
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
    if (!active || inv < 0) return;
    const value = week.value;
    let fb: FlagBlock | undefined;
    for (const b of this.flagBlocks) if (b.block === week.block) fb = b;
    if (fb === undefined) this.flagBlocks.push((fb = { block: week.block, head: new Int32Array(0), slots: [] }));
    fb.head = growI32(fb.head, this.inviteeUids.length, this.inviteesInMemory);
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

  /**
   * The fresh weeks' rollup groups summed since the last flush, in chunks: in (affiliate, week,
   * country) order, each chunk with the affiliate-weeks it completes summed over their countries.
   * The counters start again from zero: the writer adds each flush to what it wrote before.
   */
  private *rollupChunks(): Generator<AggChunk> {
    const n = AGG_FIELDS.length;
    const groups = this.groupKey.length;
    // In the order of the rollup tables' keys (affiliate uid, week, country): each flush is one
    // sweep through the B-trees, not a jump per row.
    const affRank = this.ranks.affiliates.of(this.affiliateUids);
    const weekRank = this.ranks.weeks.of(this.weekList);
    const countryRank = this.ranks.countries.of(this.countries);
    const sortKey = new Float64Array(groups);
    let maxKey = 0;
    for (let g = 0; g < groups; g++) {
      const key = this.groupKey[g];
      const ctry = key % 512;
      const pk = (key - ctry) / 512;
      sortKey[g] = (affRank[Math.floor(pk / 4096)] * 4096 + weekRank[pk % 4096]) * 512 + countryRank[ctry];
      if (sortKey[g] > maxKey) maxKey = sortKey[g];
    }
    const aggOrder = new Int32Array(groups);
    if ((maxKey + 1) * groups <= Number.MAX_SAFE_INTEGER) {
      // Each group's sort key and index in one exact number: a native numeric sort, no comparator.
      const packed = new Float64Array(groups);
      for (let g = 0; g < groups; g++) packed[g] = sortKey[g] * groups + g;
      packed.sort();
      for (let i = 0; i < groups; i++) aggOrder[i] = packed[i] % groups;
    } else {
      for (let i = 0; i < groups; i++) aggOrder[i] = i;
      aggOrder.sort((x, y) => sortKey[x] - sortKey[y]);
    }
    let pairKey = -1;
    const pairSum = new Float64Array(n);
    let weekKeys: string[] = [];
    let weekValues: number[] = [];
    const flushPair = () => {
      if (pairKey < 0) return;
      weekKeys.push(this.affiliateUids[Math.floor(pairKey / 4096)] + SEP + this.weekList[pairKey % 4096]);
      for (let j = 0; j < n; j++) weekValues.push(pairSum[j]);
    };
    for (let from = 0; from < groups; from += EXPORT_CHUNK) {
      const to = Math.min(groups, from + EXPORT_CHUNK);
      const affiliates = new Array<string>(to - from);
      const weekCol = new Array<string>(to - from);
      const countries = new Array<string>(to - from);
      const values = new Float64Array((to - from) * n);
      for (let i = from; i < to; i++) {
        const g = aggOrder[i];
        const key = this.groupKey[g];
        const ctry = key % 512;
        const pk = (key - ctry) / 512;
        affiliates[i - from] = this.affiliateUids[Math.floor(pk / 4096)];
        weekCol[i - from] = this.weekList[pk % 4096];
        countries[i - from] = this.countries[ctry];
        const v = this.aggValues.subarray(g * n, (g + 1) * n);
        values.set(v, (i - from) * n);
        if (pk !== pairKey) {
          flushPair();
          pairKey = pk;
          pairSum.set(v);
        } else for (let j = 0; j < n; j++) pairSum[j] += v[j];
      }
      if (to === groups) flushPair();
      yield {
        affiliates: affiliates.join(RECORD),
        weeks: weekCol.join(RECORD),
        countries: countries.join(RECORD),
        values,
        weekRows: { keys: weekKeys.join(RECORD), values: Float64Array.from(weekValues) },
      };
      weekKeys = [];
      weekValues = [];
    }
    this.aggValues.fill(0, 0, groups * n);
    this.groupIds.clear();
    this.pairIds.clear();
    this.groupKey = [];
    this.pairKey = [];
    this.lastPair = -1;
    this.lastPairAff = -1;
    this.lastPairWeek = -1;
    for (let i = 0; i < this.pairCountriesUsed; i++) this.pairGroups[this.pairCountries[i]] = 0;
    this.pairCountriesUsed = 0;
  }

  /**
   * The rollup chunks flushed while reading, taken (the parse worker sends them with the batch).
   * When a new fresh week begins and at least ROLLUP_FLUSH_GROUPS groups are held, everything
   * summed so far is flushed: in a file in week order, each week's rollups reach the writer
   * while the next weeks are read, and the groups held stay bounded by about a week's.
   */
  takeRollups(): AggChunk[] {
    const out = this.flushed;
    this.flushed = [];
    return out;
  }

  /**
   * Everything gathered, packed for the writing thread chunk by chunk, and the memory given back
   * as it goes: the parse worker posts each part as soon as it is made, so that the packed state
   * never exists whole in the worker, and its pieces die young.
   */
  *exportParts({ countFunnel = true }: { countFunnel?: boolean } = {}): Generator<StatePart> {
    const weeks = [...this.weeks.keys()].sort();
    yield {
      part: "rest",
      funnelCounted: countFunnel,
      affiliateFirstWeek: this.affiliateUids.map((uid, i) => [uid, this.affiliateFirst[i]] as [string, string]),
      rebindingsInFile: this.rebindingsInFile,
      freshWeeks: weeks.filter((w) => this.weeks.get(w)!.fresh),
      weeks,
    };

    // What was summed since the last flush (see takeRollups), then what is left.
    for (const chunk of this.takeRollups()) yield { part: "agg", chunk };
    for (const chunk of this.rollupChunks()) yield { part: "agg", chunk };

    // Invitees in uid order: those followed in memory, merged with those whose rows were put away
    // in runs (read back merged in uid order, one invitee at a time).
    const count = this.inviteeUids.length;
    // (The default sort of strings is the fast one; each uid's id is then looked up in the table.)
    const uids = this.inviteeUids.slice().sort();
    const order = new Int32Array(count);
    const inviteeRank = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      order[i] = this.inviteeIds.firstLine(uids[i], 0) - 1;
      inviteeRank[order[i]] = i;
    }
    this.inviteeIds = new UidLineTable();
    // The invitees first (the writer's longest step after the read), with their funnel cells
    // counted here, off the writer's thread; then the week masks.
    const funnel = new FunnelCounter(this.affiliateUids);
    const out = new LatestChunk(this, countFunnel ? funnel : null);
    const spilled = this.runs !== null && this.runs.rows > 0 ? this.runs : null;
    /** Week masks and re-bindings of the invitees read back from the runs. */
    const runFlags = new Map<number, { keys: string[]; values: number[] }>();
    const runRebindings: RebindingInFile[] = [];
    if (!spilled) {
      for (let at = 0; at < count; at++) {
        out.addFollowed(uids[at], order[at]);
        if (out.full) {
          yield { part: "latest", chunk: out.take() };
          yield* this.funnelPast(funnel);
        }
      }
    } else {
      spilled.flush();
      const merge = new RunMerge(this.runSpill!, spilled.runs, this.readBytes);
      const weekBlocks = this.weekList.map((w) => this.weeks.get(w)!);
      const invitee = new RunInvitee();
      let m = 0;
      let more = merge.next();
      while (m < count || more) {
        if (more && (m >= count || merge.record.uid < uids[m])) {
          const uid = merge.record.uid;
          invitee.start(merge.record, weekBlocks);
          while ((more = merge.next()) && merge.record.uid === uid) invitee.replay(merge.record, weekBlocks, this.weekList, this.affiliateUids, runRebindings);
          out.addReadBack(invitee);
          for (let f = 0; f < invitee.flagCount; f++) {
            const block = invitee.flagBlock[f];
            let pending = runFlags.get(block);
            if (pending === undefined) runFlags.set(block, (pending = { keys: [], values: [] }));
            pending.keys.push(this.affiliateUids[invitee.flagAff[f]] + SEP + uid);
            for (let i = 0; i < FLAG_FIELDS.length; i++) pending.values.push(invitee.flagMasks[f * FLAG_FIELDS.length + i]);
            if (pending.keys.length === EXPORT_CHUNK) {
              yield { part: "flags", block, chunk: { keys: pending.keys.join(RECORD), values: Float64Array.from(pending.values) } };
              runFlags.set(block, { keys: [], values: [] });
            }
          }
        } else {
          out.addFollowed(uids[m], order[m]);
          m++;
        }
        if (out.full) {
          yield { part: "latest", chunk: out.take() };
          yield* this.funnelPast(funnel);
        }
      }
    }
    if (out.size > 0) yield { part: "latest", chunk: out.take() };
    for (const k of INVITEE_I32) this[k] = new Int32Array(0);
    for (const k of INVITEE_F64) this[k] = new Float64Array(0);
    this.texts.length = 0;
    this.textIds.clear();
    for (const chunk of funnel.chunks(EXPORT_CHUNK)) yield { part: "funnel", chunk };

    // Week masks in (affiliate uid, invitee uid) order, the order of the table's key: the writer
    // appends to the B-tree without sorting anything.
    const affiliateRank = this.ranks.affiliates.of(this.affiliateUids);
    const fn = FLAG_FIELDS.length;
    for (const { block, slots } of this.flagBlocks) {
      const sorted = Int32Array.from(slots);
      slots.length = 0;
      sorted.sort((x, y) => affiliateRank[this.flagAff[x]] - affiliateRank[this.flagAff[y]] || inviteeRank[this.flagInv[x]] - inviteeRank[this.flagInv[y]]);
      for (let from = 0; from < sorted.length; from += EXPORT_CHUNK) {
        const to = Math.min(sorted.length, from + EXPORT_CHUNK);
        const keys = new Array<string>(to - from);
        const values = new Float64Array((to - from) * fn);
        for (let i = from; i < to; i++) {
          const s = sorted[i];
          keys[i - from] = this.affiliateUids[this.flagAff[s]] + SEP + this.inviteeUids[this.flagInv[s]];
          values.set(this.flagMasks.subarray(s * fn, (s + 1) * fn), (i - from) * fn);
        }
        yield { part: "flags", block, chunk: { keys: keys.join(RECORD), values } };
      }
    }
    this.flagBlocks.length = 0;
    this.flagMasks = new Float64Array(0);
    this.flagAff = new Int32Array(0);
    this.flagInv = new Int32Array(0);
    this.flagNext = new Int32Array(0);
    for (const [block, pending] of runFlags) {
      if (pending.keys.length) yield { part: "flags", block, chunk: { keys: pending.keys.join(RECORD), values: Float64Array.from(pending.values) } };
    }
    // The re-bindings inside the file of the invitees read back from the runs (the writer puts them
    // in line order with those of the first part).
    for (let from = 0; from < runRebindings.length; from += EXPORT_CHUNK) yield { part: "rebindings", list: runRebindings.slice(from, from + EXPORT_CHUNK) };
  }

  /** The per-invitee arrays (INVITEE_I32, INVITEE_F64), all of one length, grown together by doubling but never past the invitees followed in memory. */
  private growInvitees(n: number) {
    const cap = this.inviteesInMemory;
    for (const k of INVITEE_I32) this[k] = growI32(this[k], n, cap);
    for (const k of INVITEE_F64) this[k] = growF64(this[k], n, cap);
  }

  /** The funnel cells counted so far, handed over when they are more than funnelCellsInMemory. */
  private *funnelPast(funnel: FunnelCounter): Generator<StatePart> {
    if (funnel.size < this.funnelCellsInMemory) return;
    for (const chunk of funnel.chunks(EXPORT_CHUNK)) yield { part: "funnel", chunk };
    funnel.clear();
  }

  /** @internal The text of an id (LatestChunk). */
  textAt(id: number): string | null {
    return this.textOf(id);
  }

  /** @internal An invitee followed in memory, by id (LatestChunk). */
  followed(inv: number, into: { week: number; aff: number; line: number; vip: number; rebate: number; texts: Int32Array }) {
    into.week = this.invWeek[inv];
    into.aff = this.invAff[inv];
    into.line = this.invLine[inv];
    into.vip = this.invVip[inv];
    into.rebate = this.invRebate[inv];
    const t = into.texts;
    t[0] = this.invRegistered[inv];
    t[1] = this.invCode[inv];
    t[2] = this.invVerified[inv];
    t[3] = this.invDeposit[inv];
    t[4] = this.invTrade[inv];
    t[5] = this.invCountry[inv];
    t[6] = this.invCommission[inv];
  }

  /** @internal For LatestChunk. */
  get lists(): { weeks: readonly string[]; affiliates: readonly string[] } {
    return { weeks: this.weekList, affiliates: this.affiliateUids };
  }

  /** Everything gathered, packed (the parts of {@link exportParts} put together). */
  export(): AccumulatedState {
    const state = new StateAssembler();
    for (const part of this.exportParts()) state.add(part);
    return state.state();
  }
}

/** What an invitee's latest row is packed from (LatestChunk). */
interface LatestFields {
  week: number;
  aff: number;
  line: number;
  vip: number;
  rebate: number;
  /** Text ids (RECORD_TEXTS, -1 = null): registered, code, verified, first deposit, first trade, country, commission type. */
  texts: Int32Array;
}

/** The latest rows of an export, EXPORT_CHUNK at a time, packed as PackedLatest (funnel counted on the way). */
class LatestChunk {
  size = 0;
  private uids: string[] = [];
  private readonly week = new Int32Array(EXPORT_CHUNK);
  private readonly aff = new Int32Array(EXPORT_CHUNK);
  private readonly line = new Int32Array(EXPORT_CHUNK);
  private readonly vip = new Float64Array(EXPORT_CHUNK);
  private readonly rebate = new Float64Array(EXPORT_CHUNK);
  private readonly texts = new Int32Array(EXPORT_CHUNK * RECORD_TEXTS);
  private readonly row: LatestFields = { week: 0, aff: 0, line: 0, vip: 0, rebate: 0, texts: new Int32Array(RECORD_TEXTS) };

  constructor(
    private readonly acc: ReferralAccumulator,
    private readonly funnel: FunnelCounter | null,
  ) {}

  get full(): boolean {
    return this.size === EXPORT_CHUNK;
  }

  /** An invitee followed in memory. */
  addFollowed(uid: string, inv: number) {
    this.acc.followed(inv, this.row);
    this.add(uid, this.row);
  }

  /** An invitee worked out from the runs. */
  addReadBack(invitee: RunInvitee) {
    this.add(invitee.uid, invitee);
  }

  private add(uid: string, r: LatestFields) {
    const i = this.size++;
    this.uids.push(uid);
    this.week[i] = r.week;
    this.aff[i] = r.aff;
    this.line[i] = r.line;
    this.vip[i] = r.vip;
    this.rebate[i] = r.rebate;
    this.texts.set(r.texts, i * RECORD_TEXTS);
  }

  take(): PackedLatest {
    const n = this.size;
    const acc = this.acc;
    const { weeks, affiliates } = acc.lists;
    const t = this.texts;
    const texts: string[] = [];
    const values = new Array<string>(n);
    // Columns: inviteeUid, weekStart, affiliateUid, then the RECORD_TEXTS text attributes.
    for (let c = 0; c < 3 + RECORD_TEXTS; c++) {
      for (let i = 0; i < n; i++) {
        let v: string | null;
        if (c === 0) v = this.uids[i];
        else if (c === 1) v = weeks[this.week[i]];
        else if (c === 2) v = affiliates[this.aff[i]];
        else v = acc.textAt(t[i * RECORD_TEXTS + c - 3]);
        if (v === null) v = NULL_TEXT;
        else if (c === 4 && RESERVED.test(v)) v = "\u0002" + JSON.stringify(v);
        values[i] = v;
      }
      texts.push(values.join(RECORD));
    }
    if (this.funnel) {
      for (let i = 0; i < n; i++) {
        const o = i * RECORD_TEXTS;
        this.funnel.add(affiliates[this.aff[i]], acc.textAt(t[o + 5]), acc.textAt(t[o])!, acc.textAt(t[o + 2]), acc.textAt(t[o + 3]), acc.textAt(t[o + 4]), 1);
      }
    }
    const chunk: PackedLatest = {
      count: n,
      texts,
      vipLevel: this.vip.slice(0, n),
      rebateRate: this.rebate.slice(0, n),
      lines: this.line.slice(0, n),
    };
    this.size = 0;
    this.uids = [];
    return chunk;
  }
}

/**
 * One invitee read back from the runs: its rows come in file order, and are followed as
 * ReferralAccumulator.add follows those of an invitee in memory (latest row, re-bindings inside
 * the file, week masks per affiliate and block).
 */
class RunInvitee implements LatestFields {
  uid = "";
  week = 0;
  aff = 0;
  line = 0;
  vip = 0;
  rebate = 0;
  readonly texts = new Int32Array(RECORD_TEXTS);
  flagCount = 0;
  flagAff = new Int32Array(8);
  flagBlock = new Int32Array(8);
  flagMasks = new Float64Array(8 * FLAG_FIELDS.length);

  private setLatest(r: RunRecord) {
    this.week = r.week;
    this.aff = r.affiliate;
    this.line = r.line;
    this.vip = r.vip;
    this.rebate = r.rebate;
    this.texts.set(r.texts);
  }

  start(r: RunRecord, weeks: readonly WeekInfo[]) {
    this.uid = r.uid;
    this.flagCount = 0;
    this.setLatest(r);
    this.addFlags(r, weeks);
  }

  replay(r: RunRecord, weeks: readonly WeekInfo[], weekList: readonly string[], affiliateUids: readonly string[], rebindings: RebindingInFile[]) {
    if (weekList[r.week] > weekList[this.week]) {
      if (this.aff !== r.affiliate) {
        rebindings.push({ line: r.line, inviteeUid: this.uid, from: affiliateUids[this.aff], fromLine: this.line, to: affiliateUids[r.affiliate], later: true });
      }
      this.setLatest(r);
    } else if (this.aff !== r.affiliate) {
      rebindings.push({ line: r.line, inviteeUid: this.uid, from: affiliateUids[r.affiliate], fromLine: r.line, to: affiliateUids[this.aff], later: false });
    }
    this.addFlags(r, weeks);
  }

  private addFlags(r: RunRecord, weeks: readonly WeekInfo[]) {
    if (r.flags === 0) return;
    const week = weeks[r.week];
    const fn = FLAG_FIELDS.length;
    let f = 0;
    while (f < this.flagCount && (this.flagAff[f] !== r.affiliate || this.flagBlock[f] !== week.block)) f++;
    if (f === this.flagCount) {
      if (f === this.flagAff.length) {
        this.flagAff = growI32(this.flagAff, f + 1);
        this.flagBlock = growI32(this.flagBlock, f + 1);
        this.flagMasks = growF64(this.flagMasks, (f + 1) * fn);
      }
      this.flagCount++;
      this.flagAff[f] = r.affiliate;
      this.flagBlock[f] = week.block;
      this.flagMasks.fill(0, f * fn, (f + 1) * fn);
    }
    // Each (affiliate, invitee, week) comes once per file, so adding the bit is setting it.
    for (let i = 0; i < fn; i++) if (r.flags & (1 << i)) this.flagMasks[f * fn + i] += week.value;
  }
}

/** A piece of the exported state (see ReferralAccumulator.exportParts). */
export type StatePart =
  | { part: "latest"; chunk: PackedLatest }
  | { part: "agg"; chunk: AggChunk }
  | { part: "flags"; block: number; chunk: KeyedChunk }
  | { part: "funnel"; chunk: FunnelChunk }
  | { part: "rebindings"; list: RebindingInFile[] }
  | ({ part: "rest" } & Pick<AccumulatedState, "affiliateFirstWeek" | "rebindingsInFile" | "freshWeeks" | "weeks" | "funnelCounted">);

/** The buffers of a part, to hand over (transfer) to the writing thread instead of copying them. */
export function partBuffers(p: StatePart): ArrayBuffer[] {
  if (p.part === "latest") return [p.chunk.vipLevel.buffer as ArrayBuffer, p.chunk.rebateRate.buffer as ArrayBuffer, p.chunk.lines.buffer as ArrayBuffer];
  if (p.part === "agg") return [p.chunk.values.buffer as ArrayBuffer, p.chunk.weekRows.values.buffer as ArrayBuffer];
  if (p.part === "flags") return [p.chunk.values.buffer as ArrayBuffer];
  if (p.part === "funnel") return [p.chunk.counts.buffer as ArrayBuffer];
  return [];
}

/**
 * The re-bindings inside the file of the state's first part and those of a later "rebindings" part
 * (invitees read back from runs), in line order — the order of a file followed in memory.
 */
export function withRebindings(first: RebindingInFile[], more: readonly RebindingInFile[]): RebindingInFile[] {
  if (more.length === 0) return first;
  return [...first, ...more].sort((a, b) => a.line - b.line);
}

/** Puts the parts of an exported state back together (on the writing thread). */
export class StateAssembler {
  private readonly latest: PackedLatest[] = [];
  private readonly agg: AggChunk[] = [];
  private readonly funnel: FunnelChunk[] = [];
  private readonly flags: AccumulatedState["flags"] = [];
  private rest: Extract<StatePart, { part: "rest" }> | null = null;
  private readonly moreRebindings: RebindingInFile[] = [];

  add(p: StatePart) {
    if (p.part === "latest") this.latest.push(p.chunk);
    else if (p.part === "rebindings") this.moreRebindings.push(...p.list);
    else if (p.part === "agg") this.agg.push(p.chunk);
    else if (p.part === "funnel") this.funnel.push(p.chunk);
    else if (p.part === "flags") {
      const last = this.flags[this.flags.length - 1];
      if (last && last.block === p.block) last.chunks.push(p.chunk);
      else this.flags.push({ block: p.block, chunks: [p.chunk] });
    } else this.rest = p;
  }

  state(): AccumulatedState {
    const rest = this.rest;
    if (!rest) throw new Error("the accumulated state is incomplete");
    return {
      latest: this.latest,
      affiliateFirstWeek: rest.affiliateFirstWeek,
      rebindingsInFile: withRebindings(rest.rebindingsInFile, this.moreRebindings),
      freshWeeks: rest.freshWeeks,
      weeks: rest.weeks,
      agg: this.agg,
      funnel: this.funnel,
      funnelCounted: rest.funnelCounted,
      flags: this.flags,
    };
  }
}

/** One value after another of a column joined by \u001e, without splitting it into an array. */
export class JoinedCursor {
  private at = 0;
  constructor(private readonly joined: string) {}
  next(): string {
    const s = this.joined;
    let end = s.indexOf(RECORD, this.at);
    if (end < 0) end = s.length;
    const value = s.slice(this.at, end);
    this.at = end + 1;
    return value;
  }
}

/** One latest row of an exported state (in invitee uid order). */
export interface LatestRow {
  inviteeUid: string;
  weekStart: string;
  affiliateUid: string;
  registeredAt: string;
  referralCode: string | null;
  verifiedAt: string | null;
  firstDepositAt: string | null;
  firstTradeAt: string | null;
  country: string | null;
  commissionType: ReferralRow["commissionType"] | null;
  vipLevel: number | null;
  rebateRate: number | null;
  line: number;
}

const nullable = (s: string) => (s === NULL_TEXT ? null : s);

/**
 * Calls `each` for the latest rows of an exported state, in invitee uid order. The columns are
 * read side by side, one value at a time: a million invitees never become ten arrays of strings.
 */
export function forEachLatest(state: AccumulatedState, each: (row: LatestRow) => void) {
  for (const p of state.latest) forEachLatestIn(p, each);
}

/** {@link forEachLatest} for one chunk. */
export function forEachLatestIn(p: PackedLatest, each: (row: LatestRow) => void) {
  if (p.count === 0) return;
  const c = p.texts.map((t) => new JoinedCursor(t));
  for (let i = 0; i < p.count; i++) {
    const code = c[4].next();
    const vip = p.vipLevel[i];
    const rebate = p.rebateRate[i];
    each(
      {
        inviteeUid: c[0].next(),
        weekStart: c[1].next(),
        affiliateUid: c[2].next(),
        registeredAt: c[3].next(),
        referralCode: code === NULL_TEXT ? null : code.charCodeAt(0) === 2 ? (JSON.parse(code.slice(1)) as string) : code,
        verifiedAt: nullable(c[5].next()),
        firstDepositAt: nullable(c[6].next()),
        firstTradeAt: nullable(c[7].next()),
        country: nullable(c[8].next()),
        commissionType: nullable(c[9].next()) as LatestRow["commissionType"],
        vipLevel: Number.isNaN(vip) ? null : vip,
        rebateRate: Number.isNaN(rebate) ? null : rebate,
        line: p.lines[i],
      },
    );
  }
}
