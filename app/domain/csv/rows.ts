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
 *
 * Two ways in: `validateReferralRow(cells, …)` / `validateAffiliateRow` for cells as strings,
 * and `validate…Record(batch, r, …)` on a reader batch — the hot path, parsing straight from
 * the file's bytes. For referral files, {@link fastReferralRecord} handles clean rows in one
 * pass and hands anything else over to {@link validateReferralRecord}.
 */

import { REFERRAL_COLUMNS, type ResolvedHeader } from "./header";
import { CsvBatch } from "./reader";
import type { AffiliateRow, AffiliateType, CommissionType, IssueSink, ReferralRow, RowIssue } from "./types";
import {
  asciiString,
  civilFromDays,
  dateToDays,
  decodeRange,
  Invalid,
  MAX_MONEY_CENTS,
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

/** Sorts `errors[from…]` by the position of their column in the file (cross-field rules last). */
function inColumnOrder(errors: RowIssue[], from: number, names: readonly string[]): void {
  const mine = errors.splice(from);
  const at = (e: RowIssue) => (e.column === null ? -1 : names.indexOf(e.column));
  mine.sort((x, y) => at(x) - at(y)); // stable: a cell's own error before a rule about it
  errors.push(...mine);
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

  if (sink.errors.length !== before) {
    if (sink.errors.length - before > 1) inColumnOrder(sink.errors, before, names);
    return null;
  }

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

  return referralRow(
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
  );
}

/** The one place a ReferralRow is built: every row has the same shape (hidden class). */
function referralRow(
  weekStart: string,
  affiliateUid: string,
  inviteeUid: string,
  registeredAt: string,
  referralCode: string | null,
  verifiedAt: string | null,
  firstDepositAt: string | null,
  firstTradeAt: string | null,
  country: string | null,
  vipLevel: number | null,
  commissionType: CommissionType | null,
  rebateRate: number | null,
  spotVolumeCents: number,
  futuresVolumeCents: number,
  optionsVolumeCents: number,
  fiatVolumeCents: number,
  earnBalanceCents: number,
  web3WalletActive: 0 | 1,
  spotCommissionCents: number,
  futuresCommissionCents: number,
  feesCents: number,
): ReferralRow {
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

// ---------------------------------------------------------------------------------------------
// Fast path for clean referral rows

/**
 * Column codes of a referral header, by position: the index of the column in
 * `REFERRAL_COLUMNS` (0 = week_start … 20 = fees_usd), or -1 for an ignored column.
 */
export function referralColumnCodes(header: ResolvedHeader<"referrals">): Int8Array {
  const codes = new Int8Array(header.width).fill(-1);
  REFERRAL_COLUMNS.forEach((c, i) => {
    const at = header.index[c.name];
    if (at >= 0) codes[at] = i;
  });
  return codes;
}

/** Where the last `scan*` call stopped: the delimiter (or line end) after the cell. */
let END = 0;

function cellEnd(s: Uint8Array, p: number, end: number, dc: number): number {
  while (p < end && s[p] !== dc) p++;
  return p;
}

/**
 * A money cell: a plain one (`1234`, `1234.5`, `1234.56`, empty) in one pass, any other through
 * `parseMoneyCentsAt`; -1 when it is not valid.
 */
function scanMoney(s: Uint8Array, p: number, end: number, dc: number): number {
  let i = p;
  let int = 0;
  for (; i < end; i++) {
    const c = s[i] - 48;
    if (c < 0 || c > 9) break;
    int = int * 10 + c;
  }
  const digits = i - p;
  let cents = int * 100;
  if (i < end && s[i] === 46 && digits > 0) {
    i++;
    let c = i < end ? s[i] - 48 : -1;
    if (c >= 0 && c <= 9) {
      cents += c * 10;
      i++;
      if (i < end) {
        c = s[i] - 48;
        if (c >= 0 && c <= 9) {
          cents += c;
          i++;
        }
      }
    } else {
      i = -1; // "12." and the like
    }
  }
  if (i >= 0 && (i === end || s[i] === dc) && digits <= 13 && cents <= MAX_MONEY_CENTS) {
    END = i;
    return cents;
  }
  // "$12", "1,234.50" (in a ; file), "12.345", " 7 ", or an error
  END = cellEnd(s, p, end, dc);
  const v = parseMoneyCentsAt(s, p, END);
  return typeof v === "number" ? v : -1;
}

/** A plain uid cell (digits) in one pass; undefined: not that simple (or empty). */
function scanUid(s: Uint8Array, p: number, end: number, dc: number): string | undefined {
  let i = p;
  let v = 0;
  for (; i < end; i++) {
    const c = s[i] - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  const n = i - p;
  if (n === 0 || n > 20 || (i < end && s[i] !== dc)) return undefined;
  END = i;
  // The uid's key in a UidLineTable (see `keyOf`), computed while the digits are at hand.
  UID_KEY = n > 15 || (n > 1 && s[p] === 48) ? -1 : v;
  return asciiString(s, p, i);
}

let UID_KEY = -1;
/** The key of the invitee uid of the last row `fastReferralRecord` returned (`UidLineTable.keyOf`). */
export let lastInviteeKey = -1;

/** A date cell: null when empty, undefined when invalid. */
function scanDate(s: Uint8Array, p: number, end: number, dc: number): string | null | undefined {
  if (p === end || s[p] === dc) {
    END = p;
    return null;
  }
  let e = p + 10;
  if (e > end || (e < end && s[e] !== dc)) e = cellEnd(s, p, end, dc);
  const v = parseDateAt(s, p, e);
  END = e;
  if (typeof v === "string" || v === null) return v; // null: a blank cell
  return undefined;
}

/**
 * Record `r` of a batch as a ReferralRow when it is CLEAN: right number of cells, every value
 * valid, no week or funnel-order issue. Otherwise undefined, and the record must go through
 * {@link validateReferralRecord}, which reports its errors and warnings — this never does.
 *
 * Why: in a clean record each byte is looked at once, by the value parsers themselves, which
 * also find the cells' ends — instead of once by the reader to split the cells and again to
 * parse them. The record must be unsplit (no quote in it: see `CsvBatch`). Equivalence with
 * `validateReferralRecord` on clean rows is tested.
 */
export function fastReferralRecord(
  b: CsvBatch,
  r: number,
  codes: Int8Array,
  header: ResolvedHeader<"referrals">,
): ReferralRow | undefined {
  const s = b.bytes;
  const dc = b.delimiter;
  const end = b.recEnd[r];
  let p = b.recStart[r];
  const width = codes.length;
  if (width !== header.width) return undefined;

  let weekStart: string | null | undefined = null;
  let affiliateUid: string | undefined;
  let inviteeUid: string | undefined;
  let registeredAt: string | null | undefined = null;
  let referralCode: string | null = null;
  let verifiedAt: string | null | undefined = null;
  let firstDepositAt: string | null | undefined = null;
  let firstTradeAt: string | null | undefined = null;
  let country: string | null = null;
  let vipLevel: number | null = null;
  let commissionType: CommissionType | null = null;
  let rebateRate: number | null = null;
  let spotVolumeCents = 0;
  let futuresVolumeCents = 0;
  let optionsVolumeCents = 0;
  let fiatVolumeCents = 0;
  let earnBalanceCents = 0;
  let web3WalletActive: 0 | 1 = 0;
  let spotCommissionCents = 0;
  let futuresCommissionCents = 0;
  let feesCents = 0;
  let inviteeKey = -1;

  for (let j = 0; j < width; j++) {
    if (j > 0) {
      if (p >= end || s[p] !== dc) return undefined; // fewer cells than the header
      p++;
    }
    switch (codes[j]) {
      case 0:
        weekStart = scanDate(s, p, end, dc);
        if (weekStart == null) return undefined;
        break;
      case 1:
        affiliateUid = scanUid(s, p, end, dc);
        if (affiliateUid === undefined) return undefined;
        break;
      case 2:
        inviteeUid = scanUid(s, p, end, dc);
        if (inviteeUid === undefined) return undefined;
        inviteeKey = UID_KEY;
        break;
      case 3:
        registeredAt = scanDate(s, p, end, dc);
        if (registeredAt == null) return undefined;
        break;
      case 4:
        END = cellEnd(s, p, end, dc);
        referralCode = parseTextAt(s, p, END);
        break;
      case 5:
        verifiedAt = scanDate(s, p, end, dc);
        if (verifiedAt === undefined) return undefined;
        break;
      case 6:
        firstDepositAt = scanDate(s, p, end, dc);
        if (firstDepositAt === undefined) return undefined;
        break;
      case 7:
        firstTradeAt = scanDate(s, p, end, dc);
        if (firstTradeAt === undefined) return undefined;
        break;
      case 8: {
        END = cellEnd(s, p, end, dc);
        const v = parseCountryAt(s, p, END);
        if (v instanceof Invalid) return undefined;
        country = v;
        break;
      }
      case 9: {
        END = cellEnd(s, p, end, dc);
        const v = parseVipLevelAt(s, p, END);
        if (v instanceof Invalid) return undefined;
        vipLevel = v;
        break;
      }
      case 10: {
        END = cellEnd(s, p, end, dc);
        const v = parseCommissionTypeAt(s, p, END);
        if (v instanceof Invalid) return undefined;
        commissionType = v;
        break;
      }
      case 11: {
        END = cellEnd(s, p, end, dc);
        const v = parseRateAt(s, p, END);
        if (v instanceof Invalid) return undefined;
        rebateRate = v;
        break;
      }
      case 12:
        if ((spotVolumeCents = scanMoney(s, p, end, dc)) < 0) return undefined;
        break;
      case 13:
        if ((futuresVolumeCents = scanMoney(s, p, end, dc)) < 0) return undefined;
        break;
      case 14:
        if ((optionsVolumeCents = scanMoney(s, p, end, dc)) < 0) return undefined;
        break;
      case 15:
        if ((fiatVolumeCents = scanMoney(s, p, end, dc)) < 0) return undefined;
        break;
      case 16:
        if ((earnBalanceCents = scanMoney(s, p, end, dc)) < 0) return undefined;
        break;
      case 17: {
        END = cellEnd(s, p, end, dc);
        const v = parseBooleanAt(s, p, END);
        if (v instanceof Invalid) return undefined;
        web3WalletActive = v;
        break;
      }
      case 18:
        if ((spotCommissionCents = scanMoney(s, p, end, dc)) < 0) return undefined;
        break;
      case 19:
        if ((futuresCommissionCents = scanMoney(s, p, end, dc)) < 0) return undefined;
        break;
      case 20:
        if ((feesCents = scanMoney(s, p, end, dc)) < 0) return undefined;
        break;
      default:
        END = cellEnd(s, p, end, dc); // an ignored column
    }
    p = END;
  }
  if (p !== end) return undefined; // more cells than the header
  if (weekStart == null || registeredAt == null || affiliateUid === undefined || inviteeUid === undefined) return undefined;
  if (weekStart !== lastWeekStart) setWeek(weekStart);
  if (lastWeekEnd === "" || registeredAt > lastWeekEnd) return undefined;
  if (
    (verifiedAt != null && verifiedAt < registeredAt) ||
    (firstDepositAt != null && firstDepositAt < registeredAt) ||
    (firstTradeAt != null && firstTradeAt < registeredAt)
  ) {
    return undefined; // a warning to report: the general path does
  }
  lastInviteeKey = inviteeKey;
  return referralRow(
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
  );
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

  if (sink.errors.length !== before) {
    if (sink.errors.length - before > 1) inColumnOrder(sink.errors, before, names);
    return null;
  }
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
/** A table key's high 32 bits + 1, its first slot word (0 marks an empty slot); `lo` is `key >>> 0`. */
const highWord = (key: number, lo: number) => ((key - lo) / 4294967296 + 1) >>> 0;
/** The slot a key's probe starts at. */
const homeSlot = (lo: number, hi: number, mask: number) => hash32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;

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
    return this.firstLineOfKey(this.keyOf(uid), uid, line);
  }

  /** The table key of a uid: the uid as a number, or -1 for those kept in the Map. */
  keyOf(uid: string): number {
    const n = uid.length;
    return n > 15 || (n > 1 && uid.charCodeAt(0) === 48) ? -1 : +uid;
  }

  /**
   * Touches the slots where `keys[0…n)` (from {@link keyOf}) would go, and returns what it
   * read. Calling this for a run of keys before registering them lets the CPU fetch their
   * random cache lines in parallel — the loop is kept tight for that — so that
   * {@link firstLineOfKey} then finds them in the cache.
   */
  touch(keys: Float64Array, n: number, scratch: Int32Array): number {
    const mask = this.mask;
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      if (key < 0) {
        scratch[i] = 0;
        continue;
      }
      const lo = key >>> 0;
      scratch[i] = homeSlot(lo, highWord(key, lo), mask) * 3;
    }
    const slots = this.slots;
    let x = 0;
    for (let i = 0; i < n; i++) x ^= slots[scratch[i]];
    return x;
  }

  /** The line `uid` was registered at, or 0 when it is not in the table (nothing registered). */
  find(uid: string): number {
    const key = this.keyOf(uid);
    if (key < 0) return this.others?.get(uid) ?? 0;
    const lo = key >>> 0;
    // An empty slot's line word is 0 too.
    return this.slots[this.probe(lo, highWord(key, lo)) + 2];
  }

  /** {@link firstLine} with the key from {@link keyOf}. */
  firstLineOfKey(key: number, uid: string, line: number): number {
    if (key < 0) {
      const others = (this.others ??= new Map());
      const first = others.get(uid);
      if (first !== undefined) return first;
      others.set(uid, line);
      return 0;
    }
    const lo = key >>> 0;
    const hi = highWord(key, lo);
    const slots = this.slots;
    const at = this.probe(lo, hi);
    if (slots[at] !== 0) return slots[at + 2];
    slots[at] = hi;
    slots[at + 1] = lo;
    slots[at + 2] = line;
    if (++this.used * 4 > (this.mask + 1) * 3) this.rehash();
    return 0;
  }

  /** The index of the slot holding `lo`/`hi`, or of the empty slot where it would go (linear probing). */
  private probe(lo: number, hi: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = homeSlot(lo, hi, mask);
    for (;;) {
      const at = slot * 3;
      const h = slots[at];
      if (h === 0 || (h === hi && slots[at + 1] === lo)) return at;
      slot = (slot + 1) & mask;
    }
  }

  /** The table's state, for {@link UidLineTable.restore}: its slots (to keep elsewhere) and the rest. */
  save(): { slots: Uint32Array; state: UidTableState } {
    return { slots: this.slots, state: { mask: this.mask, used: this.used, others: this.others } };
  }

  /** A table put back from what {@link save} returned. */
  static restore(slots: Uint32Array, state: UidTableState): UidLineTable {
    if (slots.length !== (state.mask + 1) * 3) throw new Error("UidLineTable.restore: the slots do not match the table");
    const t = new UidLineTable(1);
    t.slots = slots;
    t.mask = state.mask;
    t.used = state.used;
    t.others = state.others;
    return t;
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
      let slot = homeSlot(lo, hi, mask);
      while (slots[slot * 3] !== 0) slot = (slot + 1) & mask;
      slots[slot * 3] = hi;
      slots[slot * 3 + 1] = lo;
      slots[slot * 3 + 2] = old[i + 2];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** What a {@link UidLineTable} keeps besides its slots. */
export interface UidTableState {
  mask: number;
  used: number;
  others: Map<string, number> | null;
}

/**
 * Where a {@link ReferralKeyTracker} puts the tables of the weeks it is not reading (a file on
 * disk in the parse worker): `save` keeps a table's slots under an id, `load` gives them back
 * (once; the store may forget them then), `close` forgets everything.
 */
export interface KeySpill {
  save(id: number, slots: Uint32Array): void;
  load(id: number): Uint32Array;
}

/**
 * Keys a {@link ReferralKeyTracker} with a spill keeps in memory before it puts the least
 * recently used weeks' tables away (~16–32 bytes a key: 4–8 MB). A file in week order then
 * holds about one week's keys whatever its size.
 */
export const KEYS_IN_MEMORY = 262_144;

/** Reloads of spilled weeks past which a tracker stops spilling (a file whose weeks are interleaved). */
export const MAX_KEY_RELOADS = 256;

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
  /** The weeks' tables in memory, least recently used first. */
  private readonly weeks = new Map<string, UidLineTable>();
  /** The weeks' tables put away in the spill: the spill's id and the rest of the table. */
  private readonly spilled = new Map<string, { id: number; state: UidTableState; size: number }>();
  private nextSpillId = 0;
  private reloads = 0;
  private lastWeek = "";
  private lastTable: UidLineTable | null = null;

  /**
   * @param expectedRows a hint (from the file size, say): sizes the first week's table once.
   * @param spill where the tables of the weeks not being read go once more than `keysInMemory`
   *   keys are held (without one, every table stays in memory: memory grows with the file's rows).
   */
  constructor(
    private readonly expectedRows = 0,
    private readonly spill: KeySpill | null = null,
    private readonly keysInMemory: number = KEYS_IN_MEMORY,
  ) {}

  /** Distinct keys registered. */
  get size(): number {
    let n = 0;
    for (const t of this.weeks.values()) n += t.size;
    for (const s of this.spilled.values()) n += s.size;
    return n;
  }

  /** Keys held in memory (the others are in the spill). */
  get sizeInMemory(): number {
    let n = 0;
    for (const t of this.weeks.values()) n += t.size;
    return n;
  }

  /** Weeks whose tables are in the spill now. */
  get weeksSpilled(): number {
    return this.spilled.size;
  }

  /** Registers the key at `line`; returns 0 when new, else the line of its first occurrence. */
  firstLine(weekStart: string, inviteeUid: string, line: number): number {
    return this.table(weekStart).firstLine(inviteeUid, line);
  }

  /** The uid table of a week (for batched use: `keyOf`, `touch`, `firstLineOfKey`). */
  table(weekStart: string): UidLineTable {
    let table = this.lastTable;
    if (table === null || weekStart !== this.lastWeek) {
      table = this.weeks.get(weekStart) ?? null;
      if (table !== null) this.weeks.delete(weekStart);
      else {
        const away = this.spill ? this.spilled.get(weekStart) : undefined;
        if (away) {
          table = UidLineTable.restore(this.spill!.load(away.id), away.state);
          this.spilled.delete(weekStart);
          this.reloads++;
        } else table = new UidLineTable(this.weeks.size === 0 && this.spilled.size === 0 && this.expectedRows > 0 ? this.expectedRows : undefined);
      }
      // Most recently used last.
      this.weeks.set(weekStart, table);
      this.lastWeek = weekStart;
      this.lastTable = table;
      if (this.spill && this.weeks.size > 1) this.putAway();
    }
    return table;
  }

  /**
   * Past `keysInMemory` keys, the least recently used weeks' tables go to the spill (never the
   * week being read). A file whose weeks come back again and again (interleaved, not in week
   * order) would reload tables all the time: past MAX_KEY_RELOADS reloads, nothing is put away
   * any more (memory grows with the rows again, as without a spill).
   */
  private putAway() {
    if (this.reloads > MAX_KEY_RELOADS) return;
    let held = this.sizeInMemory;
    if (held <= this.keysInMemory) return;
    for (const [week, table] of this.weeks) {
      if (table === this.lastTable || held <= this.keysInMemory) break;
      const { slots, state } = table.save();
      const id = this.nextSpillId++;
      this.spill!.save(id, slots);
      this.spilled.set(week, { id, state, size: table.size });
      this.weeks.delete(week);
      held -= table.size;
    }
  }

  /**
   * Registers `row`'s key; on a duplicate returns (and pushes to `sink.errors`, if given) the
   * error naming the line of the first occurrence, else null.
   */
  check(row: ReferralRow, line: number, header: ResolvedHeader<"referrals">, sink?: IssueSink): RowIssue | null {
    const first = this.firstLine(row.weekStart, row.inviteeUid, line);
    if (first === 0) return null;
    const issue = ReferralKeyTracker.duplicate(row, line, first, header);
    sink?.errors.push(issue);
    return issue;
  }

  /** The error of a duplicate key. */
  static duplicate(row: ReferralRow, line: number, first: number, header: ResolvedHeader<"referrals">): RowIssue {
    return {
      line,
      column: header.names[header.index.invitee_uid],
      value: row.inviteeUid,
      message: `duplicate row: invitee ${row.inviteeUid} in the week of ${row.weekStart} already appears on line ${first}`,
    };
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
