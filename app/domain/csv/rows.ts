/**
 * Per-row validation of the import contract: cells → typed row, or every error of the row.
 *
 * Rules decided here (per row, without the database):
 * - the record must have exactly as many cells as the header; if not, that is the row's only
 *   error (cells cannot be matched to columns, so they are not validated);
 * - every value must parse as its column's type; required cells must not be empty;
 * - `week_start` must be a Monday; `registered_at` must not be after the end of its week
 *   (`week_start` + 6 days) — checked only when `week_start` is a valid Monday;
 * - funnel order, WARNINGS (the row is kept): `verified_at`, `first_deposit_at` and
 *   `first_trade_at` must not be before `registered_at`. Those three are not checked against
 *   each other: a deposit before KYC (where allowed) or a trade right after an internal
 *   transfer, before any deposit, are real paths, so only "before sign-up" is suspicious.
 *
 * Duplicate natural keys within one file are tracked by {@link ReferralKeyTracker} and
 * {@link AffiliateKeyTracker}, fed with the rows that passed validation.
 */

import type { ResolvedHeader } from "./header";
import { CsvBatch } from "./reader";
import type { AffiliateRow, AffiliateType, CommissionType, IssueSink, ReferralRow, RowIssue } from "./types";
import {
  civilFromDays,
  dateToDays,
  decodeRange,
  Invalid,
  parseAffiliateType,
  parseBooleanAt,
  parseCommissionTypeAt,
  parseCountryAt,
  parseDateAt,
  parseEmail,
  parseLanguage,
  parseMoneyCentsAt,
  parseRateAt,
  parseTextAt,
  parseUidAt,
  parseVipLevelAt,
  trimmedText,
  weekdayOfDays,
} from "./values";

const REQUIRED = "required: the cell must not be empty";

/** The trimmed text of cell `k` (for messages). */
function cellText(b: CsvBatch, k: number): string {
  const a = b.cellStart[k];
  if (a >= 0) return trimmedText(b.bytes, a, b.cellEnd[k]);
  const x = b.extras[-a - 1];
  return trimmedText(x, 0, x.length);
}

/** An error on cell `base + ix` (`ix` is its column position). */
function fail(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink, message: string): void {
  sink.errors.push({ line, column: names[ix], value: cellText(b, base + ix), message });
}

function warn(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink, message: string): void {
  sink.warnings.push({ line, column: names[ix], value: cellText(b, base + ix), message });
}

// Helpers per value type: each parses cell `base + ix` straight from the batch's bytes and
// returns the value (or a placeholder after pushing an error). Written out per type rather
// than generic over a parser, so that every call is monomorphic; a cell held in `extras`
// (quoted with `""` inside) takes the second, rare call site. `ix` = -1: column absent.

function reqUid(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink): string {
  const k = base + ix;
  const a = b.cellStart[k];
  const v = a >= 0 ? parseUidAt(b.bytes, a, b.cellEnd[k]) : parseUidAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
  if (typeof v === "string") return v;
  fail(b, base, ix, line, names, sink, v === null ? REQUIRED : v.message);
  return "";
}

function reqDate(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink): string {
  const k = base + ix;
  const a = b.cellStart[k];
  const v = a >= 0 ? parseDateAt(b.bytes, a, b.cellEnd[k]) : parseDateAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
  if (typeof v === "string") return v;
  fail(b, base, ix, line, names, sink, v === null ? REQUIRED : v.message);
  return "";
}

function optDate(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink): string | null {
  if (ix < 0) return null;
  const k = base + ix;
  const a = b.cellStart[k];
  const v = a >= 0 ? parseDateAt(b.bytes, a, b.cellEnd[k]) : parseDateAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
  if (v === null || typeof v === "string") return v;
  fail(b, base, ix, line, names, sink, v.message);
  return null;
}

function optText(b: CsvBatch, base: number, ix: number): string | null {
  if (ix < 0) return null;
  const k = base + ix;
  const a = b.cellStart[k];
  return a >= 0 ? parseTextAt(b.bytes, a, b.cellEnd[k]) : parseTextAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
}

function optCountry(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink): string | null {
  if (ix < 0) return null;
  const k = base + ix;
  const a = b.cellStart[k];
  const v = a >= 0 ? parseCountryAt(b.bytes, a, b.cellEnd[k]) : parseCountryAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
  if (v === null || typeof v === "string") return v;
  fail(b, base, ix, line, names, sink, v.message);
  return null;
}

function money(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink): number {
  if (ix < 0) return 0;
  const k = base + ix;
  const a = b.cellStart[k];
  const v = a >= 0 ? parseMoneyCentsAt(b.bytes, a, b.cellEnd[k]) : parseMoneyCentsAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
  if (typeof v === "number") return v;
  fail(b, base, ix, line, names, sink, v.message);
  return 0;
}

function optVip(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink): number | null {
  if (ix < 0) return null;
  const k = base + ix;
  const a = b.cellStart[k];
  const v = a >= 0 ? parseVipLevelAt(b.bytes, a, b.cellEnd[k]) : parseVipLevelAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
  if (v === null || typeof v === "number") return v;
  fail(b, base, ix, line, names, sink, v.message);
  return null;
}

function optCommission(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink): CommissionType | null {
  if (ix < 0) return null;
  const k = base + ix;
  const a = b.cellStart[k];
  const v =
    a >= 0 ? parseCommissionTypeAt(b.bytes, a, b.cellEnd[k]) : parseCommissionTypeAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
  if (v === null || typeof v === "string") return v;
  fail(b, base, ix, line, names, sink, v.message);
  return null;
}

function optRate(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink): number | null {
  if (ix < 0) return null;
  const k = base + ix;
  const a = b.cellStart[k];
  const v = a >= 0 ? parseRateAt(b.bytes, a, b.cellEnd[k]) : parseRateAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
  if (v === null || typeof v === "number") return v;
  fail(b, base, ix, line, names, sink, v.message);
  return null;
}

function bool(b: CsvBatch, base: number, ix: number, line: number, names: readonly string[], sink: IssueSink): 0 | 1 {
  if (ix < 0) return 0;
  const k = base + ix;
  const a = b.cellStart[k];
  const v = a >= 0 ? parseBooleanAt(b.bytes, a, b.cellEnd[k]) : parseBooleanAt(b.extras[-a - 1], 0, b.extras[-a - 1].length);
  if (typeof v === "number") return v;
  fail(b, base, ix, line, names, sink, v.message);
  return 0;
}

/** Roster-only columns (decoded to a string, then parsed): not on the hot path. */
function viaText<T>(
  parse: (cell: string) => T | Invalid,
  fallback: T,
  b: CsvBatch,
  base: number,
  ix: number,
  line: number,
  names: readonly string[],
  sink: IssueSink,
): T {
  if (ix < 0) return fallback;
  const v = parse(cellRaw(b, base + ix));
  if (!(v instanceof Invalid)) return v;
  fail(b, base, ix, line, names, sink, v.message);
  return fallback;
}

function cellRaw(b: CsvBatch, k: number): string {
  const a = b.cellStart[k];
  if (a >= 0) return decodeRange(b.bytes, a, b.cellEnd[k]);
  const x = b.extras[-a - 1];
  return decodeRange(x, 0, x.length);
}

// The week of the last row: a file holds one week or a few, so this is computed once per week.
let lastWeekStart = "";
let lastWeekEnd = ""; // its Sunday, or "" when lastWeekStart is not a Monday

function setWeek(weekStart: string): void {
  const days = dateToDays(weekStart);
  lastWeekStart = weekStart;
  lastWeekEnd = weekdayOfDays(days) === 1 ? civilFromDays(days + 6) : "";
}

// ---------------------------------------------------------------------------------------------

function cellCountError(sink: IssueSink, line: number, got: number, want: number): void {
  sink.errors.push({
    line,
    column: null,
    value: null,
    message: `the row has ${got} cell${got === 1 ? "" : "s"} but the header has ${want}`,
  });
}

/**
 * Validates record `r` of a batch read from a referral activity file (the hot path: values
 * are parsed straight from the batch's text, nothing is allocated per cell).
 *
 * @param header the file's header resolved for `referrals` (must be `ok`)
 * @param sink receives ALL the errors of the row, and its warnings
 * @returns the typed row, or null when the row has errors (they are in `sink.errors`)
 */
export function validateReferralRecord(
  b: CsvBatch,
  r: number,
  header: ResolvedHeader<"referrals">,
  sink: IssueSink,
): ReferralRow | null {
  if (b.unsplit(r)) [b, r] = b.split(r);
  const line = b.lines[r];
  const base = b.firstCell[r];
  const width = b.firstCell[r + 1] - base;
  if (width !== header.width) {
    cellCountError(sink, line, width, header.width);
    return null;
  }
  const ix = header.index;
  const names = header.names;
  const before = sink.errors.length;

  const weekStart = reqDate(b, base, ix.week_start, line, names, sink);
  const affiliateUid = reqUid(b, base, ix.affiliate_uid, line, names, sink);
  const inviteeUid = reqUid(b, base, ix.invitee_uid, line, names, sink);
  const registeredAt = reqDate(b, base, ix.registered_at, line, names, sink);
  const referralCode = optText(b, base, ix.referral_code);
  const verifiedAt = optDate(b, base, ix.verified_at, line, names, sink);
  const firstDepositAt = optDate(b, base, ix.first_deposit_at, line, names, sink);
  const firstTradeAt = optDate(b, base, ix.first_trade_at, line, names, sink);
  const country = optCountry(b, base, ix.country, line, names, sink);

  const vipLevel = optVip(b, base, ix.vip_level, line, names, sink);
  const commissionType = optCommission(b, base, ix.commission_type, line, names, sink);
  const rebateRate = optRate(b, base, ix.rebate_rate, line, names, sink);
  const spotVolumeCents = money(b, base, ix.spot_volume_usd, line, names, sink);
  const futuresVolumeCents = money(b, base, ix.futures_volume_usd, line, names, sink);
  const optionsVolumeCents = money(b, base, ix.options_volume_usd, line, names, sink);
  const fiatVolumeCents = money(b, base, ix.fiat_volume_usd, line, names, sink);
  const earnBalanceCents = money(b, base, ix.earn_balance_usd, line, names, sink);
  const web3WalletActive = bool(b, base, ix.web3_wallet_active, line, names, sink);
  const spotCommissionCents = money(b, base, ix.spot_commission_usd, line, names, sink);
  const futuresCommissionCents = money(b, base, ix.futures_commission_usd, line, names, sink);
  const feesCents = money(b, base, ix.fees_usd, line, names, sink);

  // Week rules.
  if (weekStart !== "") {
    if (weekStart !== lastWeekStart) setWeek(weekStart);
    if (lastWeekEnd === "") {
      fail(b, base, ix.week_start, line, names, sink, "must be a Monday (weeks run Monday to Sunday, UTC)");
    } else if (registeredAt > lastWeekEnd) {
      // YYYY-MM-DD strings compare chronologically; "" (invalid) never is greater.
      fail(b, base, ix.registered_at, line, names, sink, `is after the end of its week (${lastWeekEnd})`);
    }
  }

  if (sink.errors.length !== before) return null;

  // Funnel order: warnings, the row is kept. YYYY-MM-DD strings compare chronologically.
  if (verifiedAt !== null && verifiedAt < registeredAt) {
    warn(b, base, ix.verified_at, line, names, sink, `is before registered_at (${registeredAt})`);
  }
  if (firstDepositAt !== null && firstDepositAt < registeredAt) {
    warn(b, base, ix.first_deposit_at, line, names, sink, `is before registered_at (${registeredAt})`);
  }
  if (firstTradeAt !== null && firstTradeAt < registeredAt) {
    warn(b, base, ix.first_trade_at, line, names, sink, `is before registered_at (${registeredAt})`);
  }

  return {
    weekStart,
    affiliateUid,
    inviteeUid,
    registeredAt,
    referralCode,
    verifiedAt,
    firstDepositAt,
    firstTradeAt,
    country,
    vipLevel,
    commissionType,
    rebateRate,
    spotVolumeCents,
    futuresVolumeCents,
    optionsVolumeCents,
    fiatVolumeCents,
    earnBalanceCents,
    web3WalletActive,
    spotCommissionCents,
    futuresCommissionCents,
    feesCents,
  };
}

/**
 * Validates one record of a referral activity file, given as cells.
 *
 * @param cells the record's cells as read (untrimmed is fine)
 * @param header the file's header resolved for `referrals` (must be `ok`)
 * @param line physical line at which the record starts
 * @param sink receives ALL the errors of the row, and its warnings
 * @returns the typed row, or null when the row has errors (they are in `sink.errors`)
 */
export function validateReferralRow(
  cells: readonly string[],
  header: ResolvedHeader<"referrals">,
  line: number,
  sink: IssueSink,
): ReferralRow | null {
  return validateReferralRecord(CsvBatch.fromCells(cells, line), 0, header, sink);
}

/**
 * Validates record `r` of a batch read from an affiliate roster. Same contract as
 * {@link validateReferralRecord}. `email`, `telegram`, `website` and `tier` are free text;
 * `manager_email` must be an email address.
 */
export function validateAffiliateRecord(
  b: CsvBatch,
  r: number,
  header: ResolvedHeader<"affiliates">,
  sink: IssueSink,
): AffiliateRow | null {
  if (b.unsplit(r)) [b, r] = b.split(r);
  const line = b.lines[r];
  const base = b.firstCell[r];
  const width = b.firstCell[r + 1] - base;
  if (width !== header.width) {
    cellCountError(sink, line, width, header.width);
    return null;
  }
  const ix = header.index;
  const names = header.names;
  const before = sink.errors.length;

  const affiliateUid = reqUid(b, base, ix.affiliate_uid, line, names, sink);
  const name = optText(b, base, ix.name);
  if (name === null) fail(b, base, ix.name, line, names, sink, REQUIRED);
  const type = viaText(parseAffiliateType, "affiliate" as AffiliateType, b, base, ix.type, line, names, sink);
  const country = optCountry(b, base, ix.country, line, names, sink);
  const language = viaText(parseLanguage, null, b, base, ix.language, line, names, sink);
  const joinedAt = optDate(b, base, ix.joined_at, line, names, sink);
  const tier = optText(b, base, ix.tier);
  const managerEmail = viaText(parseEmail, null, b, base, ix.manager_email, line, names, sink);
  const email = optText(b, base, ix.email);
  const telegram = optText(b, base, ix.telegram);
  const website = optText(b, base, ix.website);

  if (sink.errors.length !== before) return null;
  return { affiliateUid, name: name as string, type, country, language, joinedAt, tier, managerEmail, email, telegram, website };
}

/** Validates one record of an affiliate roster, given as cells (see {@link validateReferralRow}). */
export function validateAffiliateRow(
  cells: readonly string[],
  header: ResolvedHeader<"affiliates">,
  line: number,
  sink: IssueSink,
): AffiliateRow | null {
  return validateAffiliateRecord(CsvBatch.fromCells(cells, line), 0, header, sink);
}

// ---------------------------------------------------------------------------------------------
// Duplicate natural keys within one file

/**
 * uid → first line, for the keys of one file: an open-addressing hash table on one typed array
 * for uids of up to 15 digits without a leading zero (exact as a double: nearly all), a Map for
 * the rest (`007` and `7` are different uids). 12–24 bytes per key and no object per key: 1M
 * keys cost 24 MB and no garbage-collection work (a `Map<number, number>` was ~3× slower to
 * fill). Its cost is memory latency: about one cache miss per new key.
 */
export class UidLineTable {
  /**
   * Slot i, 3 words from 3i: high 32 bits of the uid + 1 (0: empty slot), low 32 bits, and the
   * line where the uid was first seen. Side by side, so a probe costs one cache miss.
   */
  private slots: Uint32Array;
  private mask: number;
  private used = 0;
  private others: Map<string, number> | null = null;

  constructor(capacity = 1 << 14) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.slots = new Uint32Array(cap * 3);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.used + (this.others?.size ?? 0);
  }

  /** Registers `uid` at `line`; returns 0 when new, else the line it was first seen on. */
  firstLine(uid: string, line: number): number {
    const n = uid.length;
    if (n > 15 || (n > 1 && uid.charCodeAt(0) === 48)) {
      const others = (this.others ??= new Map());
      const first = others.get(uid);
      if (first !== undefined) return first;
      others.set(uid, line);
      return 0;
    }
    const key = +uid;
    const lo = key >>> 0;
    const hi = ((key - lo) / 4294967296 + 1) >>> 0;
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const at = slot * 3;
      const h = slots[at];
      if (h === 0) break;
      if (h === hi && slots[at + 1] === lo) return slots[at + 2];
      slot = (slot + 1) & mask;
    }
    const at = slot * 3;
    slots[at] = hi;
    slots[at + 1] = lo;
    slots[at + 2] = line;
    if (++this.used * 4 > (mask + 1) * 3) this.rehash();
    return 0;
  }

  private rehash(): void {
    const old = this.slots;
    const cap = (old.length / 3) * 2;
    const slots = new Uint32Array(cap * 3);
    const mask = cap - 1;
    for (let i = 0; i < old.length; i += 3) {
      const hi = old[i];
      if (hi === 0) continue;
      const lo = old[i + 1];
      let slot = hash32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (slots[slot * 3] !== 0) slot = (slot + 1) & mask;
      slots[slot * 3] = hi;
      slots[slot * 3 + 1] = lo;
      slots[slot * 3 + 2] = old[i + 2];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** 32-bit hash of a 32-bit key (murmur3 finaliser). */
function hash32(k: number): number {
  let h = k | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Tracks (`week_start`, `invitee_uid`) within one referral file: week → {@link UidLineTable}.
 * Feed it the rows that passed validation, in file order.
 */
export class ReferralKeyTracker {
  private readonly weeks = new Map<string, UidLineTable>();
  private lastWeek = "";
  private lastTable: UidLineTable | null = null;

  /** @param expectedRows a hint (from the file size, say): sizes the first week's table once. */
  constructor(private readonly expectedRows = 0) {}

  /** Distinct keys registered. */
  get size(): number {
    let n = 0;
    for (const t of this.weeks.values()) n += t.size;
    return n;
  }

  /** Registers the key at `line`; returns 0 when new, else the line of its first occurrence. */
  firstLine(weekStart: string, inviteeUid: string, line: number): number {
    let table = this.lastTable;
    if (table === null || weekStart !== this.lastWeek) {
      table = this.weeks.get(weekStart) ?? null;
      if (table === null) {
        table = new UidLineTable(this.weeks.size === 0 && this.expectedRows > 0 ? this.expectedRows : undefined);
        this.weeks.set(weekStart, table);
      }
      this.lastWeek = weekStart;
      this.lastTable = table;
    }
    return table.firstLine(inviteeUid, line);
  }

  /**
   * Registers `row`'s key; on a duplicate returns (and pushes to `sink.errors`, if given) the
   * error naming the line of the first occurrence, else null.
   */
  check(row: ReferralRow, line: number, header: ResolvedHeader<"referrals">, sink?: IssueSink): RowIssue | null {
    const first = this.firstLine(row.weekStart, row.inviteeUid, line);
    if (first === 0) return null;
    const issue: RowIssue = {
      line,
      column: header.names[header.index.invitee_uid],
      value: row.inviteeUid,
      message: `duplicate row: invitee ${row.inviteeUid} in the week of ${row.weekStart} already appears on line ${first}`,
    };
    sink?.errors.push(issue);
    return issue;
  }
}

/** Tracks `affiliate_uid` within one roster file. */
export class AffiliateKeyTracker {
  private readonly table: UidLineTable;

  /** @param expectedRows a hint: sizes the table once. */
  constructor(expectedRows = 0) {
    this.table = new UidLineTable(expectedRows > 0 ? expectedRows : undefined);
  }

  get size(): number {
    return this.table.size;
  }

  /** Registers the key at `line`; returns 0 when new, else the line of its first occurrence. */
  firstLine(affiliateUid: string, line: number): number {
    return this.table.firstLine(affiliateUid, line);
  }

  /** Like {@link ReferralKeyTracker.check}. */
  check(row: AffiliateRow, line: number, header: ResolvedHeader<"affiliates">, sink?: IssueSink): RowIssue | null {
    const first = this.firstLine(row.affiliateUid, line);
    if (first === 0) return null;
    const issue: RowIssue = {
      line,
      column: header.names[header.index.affiliate_uid],
      value: row.affiliateUid,
      message: `duplicate row: affiliate ${row.affiliateUid} already appears on line ${first}`,
    };
    sink?.errors.push(issue);
    return issue;
  }
}
