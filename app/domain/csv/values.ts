/**
 * Value parsers of the import contract (`../shared/data-format.md`, "Value formats").
 *
 * Every parser trims its cell and returns either the value or an {@link Invalid} whose
 * `message` says what was expected. Messages never repeat the value or the column: the report
 * shows those beside it. The `Invalid`s are pre-allocated constants: a failing cell allocates
 * nothing either.
 *
 * Each parser exists in two forms:
 * - `parseXAt(bytes, start, end)` on a range of UTF-8 bytes — the form the row validator uses
 *   on the file's bytes as read, so that reading a file never decodes it to a string nor
 *   allocates per cell (a typed-array load is ~2× cheaper than `charCodeAt`);
 * - `parseX(cell)` on a string (encodes it, then the same code): for tests and one-off use.
 *
 * Empty cells: parsers of optional values return `null`; money returns 0, booleans 0, the
 * affiliate type `"affiliate"`. Whether an empty cell is allowed is the row validator's call.
 * Trimming removes what `String.prototype.trim` removes (ASCII and Unicode white space).
 *
 * Performance: these run ~20 times per referral row (20M calls for a 1M-row file), so they work
 * on byte codes — no regular expression, no `Date`, no per-cell object; dates and countries come
 * from caches of interned strings. Only the roster-only columns (type, language, email), a few
 * thousand cells per file, decode to strings and use regular expressions.
 */

import type { AffiliateType, CommissionType, IsoDate } from "./types";

/** A cell that did not parse. */
export class Invalid {
  constructor(readonly message: string) {}
}

export function isInvalid(v: unknown): v is Invalid {
  return v instanceof Invalid;
}

/** What a parser returns: the value, or why the cell is not one. */
export type Parsed<T> = T | Invalid;

// ---------------------------------------------------------------------------------------------
// Bytes ↔ strings

const encoder = new TextEncoder();
/** Non-fatal: the reader has validated the bytes it hands out. */
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

const fcc = String.fromCharCode;

/**
 * `bytes[a, e)` as a string when they are all ASCII (not checked), up to 20 bytes built
 * directly by `String.fromCharCode` (~3× cheaper than decoding, or than printing a number).
 */
export function asciiString(b: Uint8Array, a: number, e: number): string {
  switch (e - a) {
    case 0: return "";
    case 1: return fcc(b[a]);
    case 2: return fcc(b[a], b[a + 1]);
    case 3: return fcc(b[a], b[a + 1], b[a + 2]);
    case 4: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3]);
    case 5: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4]);
    case 6: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5]);
    case 7: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6]);
    case 8: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7]);
    case 9: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8]);
    case 10: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9]);
    case 11: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10]);
    case 12: return fcc(b[a], b[a + 1], b[a + 2], b[a + 3], b[a + 4], b[a + 5], b[a + 6], b[a + 7], b[a + 8], b[a + 9], b[a + 10], b[a + 11]);
  }
  const n = e - a;
  if (n <= 20) {
    // Two halves of ≤ 10 and ≤ 10, joined (a flat string: under 13 chars V8 copies; here a cons
    // of two flat halves, which is fine for a value that is only stored and compared).
    const m = a + 10;
    return asciiString(b, a, m) + asciiString(b, m, e);
  }
  return decoder.decode(b.subarray(a, e));
}

/** `bytes[a, e)` as a string. */
export function decodeRange(b: Uint8Array, a: number, e: number): string {
  if (e - a <= 12) {
    let i = a;
    while (i < e && b[i] < 128) i++;
    if (i === e) return asciiString(b, a, e);
  }
  return decoder.decode(b.subarray(a, e));
}

// ---------------------------------------------------------------------------------------------
// Trimming (what String.prototype.trim removes: WhiteSpace and LineTerminator)

/** Whether a byte at an edge of a cell may need trimming (a cheap, conservative test). */
function edge(c: number): boolean {
  return c <= 32 || c >= 127;
}

/** Length of the UTF-8 encoded white space starting at `b[a]` (before `e`), or 0. */
function spaceAt(b: Uint8Array, a: number, e: number): number {
  const c = b[a];
  if (c < 128) return c === 32 || (c >= 9 && c <= 13) ? 1 : 0;
  if (c === 0xc2) return a + 1 < e && b[a + 1] === 0xa0 ? 2 : 0; // U+00A0
  if (a + 2 >= e) return 0;
  const c1 = b[a + 1];
  const c2 = b[a + 2];
  switch (c) {
    case 0xe1: // U+1680
      return c1 === 0x9a && c2 === 0x80 ? 3 : 0;
    case 0xe2: // U+2000–200A, U+2028, U+2029, U+202F, U+205F
      if (c1 === 0x80) return (c2 >= 0x80 && c2 <= 0x8a) || c2 === 0xa8 || c2 === 0xa9 || c2 === 0xaf ? 3 : 0;
      return c1 === 0x81 && c2 === 0x9f ? 3 : 0;
    case 0xe3: // U+3000
      return c1 === 0x80 && c2 === 0x80 ? 3 : 0;
    case 0xef: // U+FEFF
      return c1 === 0xbb && c2 === 0xbf ? 3 : 0;
  }
  return 0;
}

/** Start of the trimmed range `[start, end)` of UTF-8 bytes. */
export function trimStartAt(b: Uint8Array, start: number, end: number): number {
  while (start < end) {
    const k = spaceAt(b, start, end);
    if (k === 0) break;
    start += k;
  }
  return start;
}

/** End of the trimmed range `[start, end)` of UTF-8 bytes (call with the trimmed start). */
export function trimEndAt(b: Uint8Array, start: number, end: number): number {
  while (end > start) {
    const c = b[end - 1];
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) end--;
      else break;
    } else if (end - 2 >= start && b[end - 2] === 0xc2 && c === 0xa0) {
      end -= 2;
    } else if (end - 3 >= start && spaceAt(b, end - 3, end) === 3) {
      end -= 3;
    } else break;
  }
  return end;
}

/** The trimmed text of a range (for messages). */
export function trimmedText(b: Uint8Array, start: number, end: number): string {
  const a = trimStartAt(b, start, end);
  return decodeRange(b, a, trimEndAt(b, a, end));
}

// ---------------------------------------------------------------------------------------------
// uid

const UID_BAD = new Invalid("expected a uid: 1 to 20 digits");

/** uid: 1–20 digits, kept as text (leading zeros matter). Empty → null. */
export function parseUidAt(b: Uint8Array, start: number, end: number): Parsed<string> | null {
  let a = start;
  let e = end;
  if (a < e && (edge(b[a]) || edge(b[e - 1]))) {
    a = trimStartAt(b, a, e);
    e = trimEndAt(b, a, e);
  }
  const n = e - a;
  if (n === 0) return null;
  if (n > 20) return UID_BAD;
  for (let i = a; i < e; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) return UID_BAD;
  }
  return asciiString(b, a, e);
}

export function parseUid(cell: string): Parsed<string> | null {
  const b = utf8(cell);
  return parseUidAt(b, 0, b.length);
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function formatCivil(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** Lowest year accepted: earlier dates are typos (`0226-03-02`), not referral data. */
export const MIN_YEAR = 1900;
const CACHE_FROM = daysFromCivil(MIN_YEAR, 1, 1);
const CACHE_SIZE = daysFromCivil(2200, 1, 1) - CACHE_FROM;
/** Interned `YYYY-MM-DD` strings by day: a million rows share a few hundred date strings. */
const DATE_CACHE: string[] = [];
for (let i = 0; i < CACHE_SIZE; i++) DATE_CACHE.push("");
/** The same strings by (year − MIN_YEAR) × 512 + month × 32 + day, for the parser ("": not seen). */
const YMD_CACHE_SIZE = (2200 - MIN_YEAR) * 512;
const YMD_CACHE: string[] = [];
for (let i = 0; i < YMD_CACHE_SIZE; i++) YMD_CACHE.push("");

/** The `YYYY-MM-DD` of a day number (inverse of {@link daysFromCivil}); interned for 1900–2199. */
export function civilFromDays(days: number): IsoDate {
  const k = days - CACHE_FROM;
  if (k < 0 || k >= CACHE_SIZE) return formatCivil(days);
  const cached = DATE_CACHE[k];
  return cached !== "" ? cached : (DATE_CACHE[k] = formatCivil(days));
}

/** Day number of a valid `YYYY-MM-DD` (as returned by {@link parseDate}); no validation. */
export function dateToDays(date: IsoDate): number {
  const y =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48);
  const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const d = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  return daysFromCivil(y, m, d);
}

/** Day of the week of a day number: 0 = Sunday, 1 = Monday, … 6 = Saturday. */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** Whether a valid `YYYY-MM-DD` is a Monday. */
export function isMonday(date: IsoDate): boolean {
  return weekdayOfDays(dateToDays(date)) === 1;
}

/** `date` plus `n` days. */
export function addDays(date: IsoDate, n: number): IsoDate {
  return civilFromDays(dateToDays(date) + n);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Two digits at `i` (before `e`) as a number, or -1. */
function two(b: Uint8Array, i: number, e: number): number {
  if (i + 2 > e) return -1;
  const x = b[i] - 48;
  const y = b[i + 1] - 48;
  if (x < 0 || x > 9 || y < 0 || y > 9) return -1;
  return x * 10 + y;
}

export const DATE_FORMAT_MESSAGE =
  "expected a date as YYYY-MM-DD (or YYYY-MM-DD HH:MM[:SS], or ISO 8601 with Z or an offset)";
const DATE_BAD = new Invalid(DATE_FORMAT_MESSAGE);
const DATE_NOT_REAL = new Invalid("not a real calendar date");
const DATE_YEAR = new Invalid(`the year must be from ${MIN_YEAR} to 9999`);
const DATE_TIME_BAD = new Invalid("not a valid time of day (expected HH:MM or HH:MM:SS, 00:00 to 23:59:59)");
const DATE_ZONE_BAD = new Invalid("not a valid UTC offset (expected Z, +HH:MM, +HHMM or +HH)");

/**
 * date → `YYYY-MM-DD`, or null when empty.
 *
 * Accepted:
 * - `YYYY-MM-DD` — a real calendar date (leap years included), year ≥ {@link MIN_YEAR};
 * - `YYYY-MM-DD HH:MM[:SS[.fff]]` — read as UTC, so the date part is kept;
 * - ISO 8601 / RFC 3339 `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or an offset
 *   (`+HH:MM`, `+HHMM`, `+HH`) → the UTC date of that instant (`2026-03-02T23:30:00-02:00` →
 *   `2026-03-03`). `T` or a space separate date and time; without a zone the time is UTC.
 *
 * Anything else — `03/04/2026`, `2026-3-4`, `20260304` — is an error, never a guess.
 * The returned strings are interned: a million rows share one string per distinct date.
 */
export function parseDateAt(b: Uint8Array, start: number, end: number): Parsed<IsoDate> | null {
  let a = start;
  let e = end;
  if (a < e && (edge(b[a]) || edge(b[e - 1]))) {
    a = trimStartAt(b, a, e);
    e = trimEndAt(b, a, e);
  }
  if (a === e) return null;
  const n = e - a;
  if (n < 10 || b[a + 4] !== 45 || b[a + 7] !== 45) return DATE_BAD;
  const y0 = b[a] - 48;
  const y1 = b[a + 1] - 48;
  const y2 = b[a + 2] - 48;
  const y3 = b[a + 3] - 48;
  const m0 = b[a + 5] - 48;
  const m1 = b[a + 6] - 48;
  const d0 = b[a + 8] - 48;
  const d1 = b[a + 9] - 48;
  // One test for the eight digits: x is a digit iff x ≥ 0 and 9 − x ≥ 0, so the OR of all
  // those is negative iff one is not.
  if ((y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | m0 | (9 - m0) | m1 | (9 - m1) | d0 | (9 - d0) | d1 | (9 - d1)) < 0) {
    return DATE_BAD;
  }
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  // Injective for m ≤ 12 and d ≤ 31; anything else is not looked up, so it gets validated.
  const key = m <= 12 && d <= 31 ? (y - MIN_YEAR) * 512 + m * 32 + d : -1;
  let date = key >= 0 && key < YMD_CACHE_SIZE ? YMD_CACHE[key] : "";
  if (date === "") {
    if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return DATE_NOT_REAL;
    if (y < MIN_YEAR) return DATE_YEAR;
    date = civilFromDays(daysFromCivil(y, m, d));
    if (key >= 0 && key < YMD_CACHE_SIZE) YMD_CACHE[key] = date;
  }
  if (n === 10) return date;

  // Time part.
  const sep = b[a + 10];
  if (sep !== 84 /* T */ && sep !== 116 /* t */ && sep !== 32 /* space */) return DATE_BAD;
  if (n < 16 || b[a + 13] !== 58) return DATE_BAD;
  const hh = two(b, a + 11, e);
  const mi = two(b, a + 14, e);
  if (hh < 0 || mi < 0) return DATE_BAD;
  if (hh > 23 || mi > 59) return DATE_TIME_BAD;
  let i = a + 16;
  if (i < e && b[i] === 58) {
    const ss = two(b, i + 1, e);
    if (ss < 0) return DATE_BAD;
    if (ss > 59) return DATE_TIME_BAD;
    i += 3;
    if (i < e && (b[i] === 46 || b[i] === 44)) {
      // Fractional seconds: at least one digit. They never move the date.
      i++;
      const from = i;
      while (i < e && b[i] >= 48 && b[i] <= 57) i++;
      if (i === from) return DATE_BAD;
    }
  }
  if (i === e) return date; // no zone: UTC

  // Zone.
  const z = b[i];
  if (z === 90 /* Z */ || z === 122 /* z */) return i + 1 === e ? date : DATE_BAD;
  let sign: number;
  if (z === 43) sign = 1;
  else if (z === 45) sign = -1;
  else if (z === 0xe2 && b[i + 1] === 0x88 && b[i + 2] === 0x92) {
    sign = -1; // U+2212 MINUS SIGN
    i += 2;
  } else return DATE_BAD;
  const oh = two(b, i + 1, e);
  if (oh < 0) return DATE_ZONE_BAD;
  let om = 0;
  let j = i + 3;
  if (j < e) {
    if (b[j] === 58) j++;
    om = two(b, j, e);
    if (om < 0) return DATE_ZONE_BAD;
    j += 2;
  }
  if (j !== e || oh > 23 || om > 59) return DATE_ZONE_BAD;
  // Local time = UTC + offset, so UTC = local − offset.
  const utcMinutes = hh * 60 + mi - sign * (oh * 60 + om);
  if (utcMinutes >= 0 && utcMinutes < 1440) return date;
  const shifted = civilFromDays(daysFromCivil(y, m, d) + (utcMinutes < 0 ? -1 : 1));
  return shifted.length !== 10 || shifted < "1900" ? DATE_YEAR : shifted;
}

export function parseDate(cell: string): Parsed<IsoDate> | null {
  const b = utf8(cell);
  return parseDateAt(b, 0, b.length);
}

// ---------------------------------------------------------------------------------------------
// Money

/** Largest accepted amount in cents: keeps sums of a million rows exact in a double. */
export const MAX_MONEY_CENTS = 1e15; // $10 trillion

const MONEY_BAD = new Invalid(
  "expected an amount such as 1234.50 (a decimal point, optional $ and thousands separators like 1,234.50)",
);
const MONEY_GROUPS = new Invalid("thousands separators must split the integer part in groups of 3 digits (1,234,567.89)");
const MONEY_NEGATIVE = new Invalid("must not be negative");
const MONEY_TOO_LARGE = new Invalid("amount too large");

/** Whether `b[i]` starts a minus: `-` or U+2212 (3 bytes). Returns its length, or 0. */
function minusAt(b: Uint8Array, i: number, e: number): number {
  if (b[i] === 45) return 1;
  return i + 2 < e && b[i] === 0xe2 && b[i + 1] === 0x88 && b[i + 2] === 0x92 ? 3 : 0;
}

/**
 * money → INTEGER CENTS (≥ 0). Empty → 0.
 *
 * A decimal with `.` as the point, optionally a leading `$` and `,` thousands separators. The
 * contract allows separators in quoted values only, but after unquoting a cell cannot tell, so
 * they are accepted wherever they form valid groups of three (`1,234.50`), and refused
 * otherwise (`1,23`). Negative values (`-5`, `-$5`, `$-5`) are an error of their own; `-0` is 0.
 *
 * Conversion is done on the digits, never by multiplying a float (`0.29` → 29, not 28.999…).
 * ROUNDING: more than two decimals are rounded HALF UP to the cent on the third decimal
 * (`0.125` → 13, `0.1249` → 12, `0.005` → 1), the usual rule for money amounts.
 */
export function parseMoneyCentsAt(b: Uint8Array, start: number, end: number): Parsed<number> {
  let i = start;
  let n = end;
  if (i < n && (edge(b[i]) || edge(b[n - 1]))) {
    i = trimStartAt(b, i, n);
    n = trimEndAt(b, i, n);
  }
  if (i === n) return 0;
  // Fast path: plain digits with an optional point and up to two decimals ("0", "1234.5").
  let int = 0;
  let c = 0;
  const from = i;
  for (; i < n; i++) {
    c = b[i] - 48;
    if (c < 0 || c > 9) break;
    int = int * 10 + c;
  }
  if (i === n) return int * 100 <= MAX_MONEY_CENTS ? int * 100 : MONEY_TOO_LARGE;
  if (c === 46 - 48 && i > from && n - i <= 3 && n - i >= 2) {
    const f1 = b[i + 1] - 48;
    const f2 = n - i === 3 ? b[i + 2] - 48 : 0;
    const cents = int * 100 + f1 * 10 + f2;
    if (f1 >= 0 && f1 <= 9 && f2 >= 0 && f2 <= 9 && cents <= MAX_MONEY_CENTS) return cents;
  }
  return parseMoneySlow(b, from, n);
}

/** Everything else: sign, `$`, separators, more decimals, errors. */
function parseMoneySlow(b: Uint8Array, start: number, n: number): Parsed<number> {
  let i = start;
  let negative = false;
  let k = minusAt(b, i, n);
  if (k > 0) {
    negative = true;
    i += k;
  }
  if (i < n && b[i] === 36 /* $ */) {
    i++;
    k = negative ? 0 : minusAt(b, i, n);
    if (k > 0) {
      negative = true;
      i += k;
    }
  }
  let int = 0;
  let digits = 0;
  let group = 0; // digits since the last separator
  let separators = 0;
  let c = 0;
  for (; i < n; i++) {
    c = b[i];
    if (c >= 48 && c <= 57) {
      int = int * 10 + (c - 48);
      digits++;
      group++;
    } else if (c === 44 /* , */) {
      if (digits === 0 || (separators === 0 ? group > 3 : group !== 3)) return MONEY_GROUPS;
      separators++;
      group = 0;
    } else if (c === 46 /* . */) {
      break;
    } else {
      return MONEY_BAD;
    }
  }
  if (separators > 0 && group !== 3) return MONEY_GROUPS;
  let cents = int * 100;
  if (i < n) {
    // b[i] === "."
    i++;
    if (i === n) return MONEY_BAD; // "12."
    for (let f = 0; i < n; i++, f++) {
      c = b[i] - 48;
      if (c < 0 || c > 9) return MONEY_BAD;
      if (f === 0) cents += c * 10;
      else if (f === 1) cents += c;
      else if (f === 2 && c >= 5) cents += 1;
    }
  } else if (digits === 0) {
    return MONEY_BAD; // "$" or "-"
  }
  if (negative) return cents === 0 ? 0 : MONEY_NEGATIVE;
  if (cents > MAX_MONEY_CENTS) return MONEY_TOO_LARGE;
  return cents;
}

export function parseMoneyCents(cell: string): Parsed<number> {
  const b = utf8(cell);
  return parseMoneyCentsAt(b, 0, b.length);
}

// ---------------------------------------------------------------------------------------------
// Rate

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17];
const RATE_BAD = new Invalid("expected a rate: a decimal between 0 and 1 (0.125) or a percentage (12.5%)");
const RATE_RANGE = new Invalid("a rate must be between 0 and 1, or between 0% and 100%");

/**
 * rate → a number in [0, 1], or null when empty. `0.125` or `12.5%` (= 0.125); `-0.1`, `1.5`
 * and `150%` are out of range. Digits are read exactly and divided once by a power of ten, so
 * `7%` is exactly `0.07` (digits beyond the 15th are ignored).
 */
export function parseRateAt(b: Uint8Array, start: number, end: number): Parsed<number> | null {
  let a = start;
  let n = end;
  if (a < n && (edge(b[a]) || edge(b[n - 1]))) {
    a = trimStartAt(b, a, n);
    n = trimEndAt(b, a, n);
  }
  if (a === n) return null;
  let scale = 0;
  if (b[n - 1] === 37 /* % */) {
    n = trimEndAt(b, a, n - 1); // "12.5 %" too
    scale = 2;
  }
  let i = a;
  const k = minusAt(b, i, n);
  const negative = k > 0;
  i += k;
  let mant = 0;
  let digits = 0;
  let point = false;
  for (; i < n; i++) {
    const c = b[i];
    if (c >= 48 && c <= 57) {
      if (digits < 15) {
        mant = mant * 10 + (c - 48);
        if (point) scale++;
      } else if (!point) {
        return RATE_RANGE; // 16+ integer digits
      }
      digits++;
    } else if (c === 46 && !point) {
      point = true;
      if (i === n - 1) return RATE_BAD; // "0."
    } else {
      return RATE_BAD;
    }
  }
  if (digits === 0) return RATE_BAD;
  const v = mant / POW10[scale];
  if (negative) return v === 0 ? 0 : RATE_RANGE;
  if (!(v <= 1)) return RATE_RANGE;
  return v;
}

export function parseRate(cell: string): Parsed<number> | null {
  const b = utf8(cell);
  return parseRateAt(b, 0, b.length);
}

// ---------------------------------------------------------------------------------------------
// Boolean and small enumerations

const BOOL_BAD = new Invalid("expected a yes/no value: 1/0, true/false, yes/no or y/n");

/** ASCII lower case of a byte (other bytes unchanged). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Whether `b[a, e)` equals the lower-case ASCII `word`, ignoring case. */
function equalsIgnoreCase(b: Uint8Array, a: number, e: number, word: string): boolean {
  if (e - a !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (lower(b[a + i]) !== word.charCodeAt(i)) return false;
  return true;
}

/** boolean → 1 | 0. `1/0`, `true/false`, `yes/no`, `y/n`, any case. Empty → 0. */
export function parseBooleanAt(b: Uint8Array, start: number, end: number): Parsed<0 | 1> {
  let a = start;
  let e = end;
  if (a < e && (edge(b[a]) || edge(b[e - 1]))) {
    a = trimStartAt(b, a, e);
    e = trimEndAt(b, a, e);
  }
  const n = e - a;
  if (n === 0) return 0;
  const c = lower(b[a]);
  if (n === 1) {
    if (c === 48 || c === 110 /* n */) return 0;
    if (c === 49 || c === 121 /* y */) return 1;
    return BOOL_BAD;
  }
  if (c === 116 && equalsIgnoreCase(b, a, e, "true")) return 1;
  if (c === 121 && equalsIgnoreCase(b, a, e, "yes")) return 1;
  if (c === 102 && equalsIgnoreCase(b, a, e, "false")) return 0;
  if (c === 110 && equalsIgnoreCase(b, a, e, "no")) return 0;
  return BOOL_BAD;
}

export function parseBoolean(cell: string): Parsed<0 | 1> {
  const b = utf8(cell);
  return parseBooleanAt(b, 0, b.length);
}

const VIP_BAD = new Invalid("a VIP level is a whole number from 0 to 9");

/** vip_level → 0–9, or null when empty. `10`, `-1`, `1.5` are errors; `03` is 3. */
export function parseVipLevelAt(b: Uint8Array, start: number, end: number): Parsed<number> | null {
  let a = start;
  let e = end;
  if (a < e && (edge(b[a]) || edge(b[e - 1]))) {
    a = trimStartAt(b, a, e);
    e = trimEndAt(b, a, e);
  }
  if (a === e) return null;
  let v = 0;
  for (let i = a; i < e; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) return VIP_BAD;
    v = v * 10 + c;
    if (v > 9) return VIP_BAD;
  }
  return v;
}

export function parseVipLevel(cell: string): Parsed<number> | null {
  const b = utf8(cell);
  return parseVipLevelAt(b, 0, b.length);
}

const COMMISSION_BAD = new Invalid('expected "spot" or "futures"');

/** commission_type → `spot` | `futures` (any case), or null when empty. */
export function parseCommissionTypeAt(b: Uint8Array, start: number, end: number): Parsed<CommissionType> | null {
  let a = start;
  let e = end;
  if (a < e && (edge(b[a]) || edge(b[e - 1]))) {
    a = trimStartAt(b, a, e);
    e = trimEndAt(b, a, e);
  }
  if (a === e) return null;
  if (equalsIgnoreCase(b, a, e, "spot")) return "spot";
  if (equalsIgnoreCase(b, a, e, "futures")) return "futures";
  return COMMISSION_BAD;
}

export function parseCommissionType(cell: string): Parsed<CommissionType> | null {
  const b = utf8(cell);
  return parseCommissionTypeAt(b, 0, b.length);
}

export { AFFILIATE_TYPES } from "../enums";
import { AFFILIATE_TYPES } from "../enums";
const TYPE_BAD = new Invalid(`expected one of: ${AFFILIATE_TYPES.join(", ")}`);

/**
 * Affiliate `type` → one of {@link AFFILIATE_TYPES}; case-insensitive, and spaces or `-` read
 * as `_` (`Content Creator`, `content-creator`). Empty → `affiliate` (the contract's default).
 */
export function parseAffiliateType(cell: string): Parsed<AffiliateType> {
  const s = cell.trim();
  if (s.length === 0) return "affiliate";
  const l = s.toLowerCase().replace(/[\s_-]+/g, "_");
  return (AFFILIATE_TYPES as readonly string[]).includes(l) ? (l as AffiliateType) : TYPE_BAD;
}

// ---------------------------------------------------------------------------------------------
// Country

/**
 * The 249 officially assigned ISO 3166-1 alpha-2 codes (ISO 3166 Maintenance Agency), plus
 * `XK` (Kosovo): user-assigned, but what exchanges' KYC data uses for Kosovo residents.
 * Other reserved codes (`UK`, `EU`…) are refused.
 */
export const ISO_3166_ALPHA2: readonly string[] = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
  "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
  "DE DJ DK DM DO DZ " +
  "EC EE EG EH ER ES ET " +
  "FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
  "HK HM HN HR HT HU " +
  "ID IE IL IM IN IO IQ IR IS IT " +
  "JE JM JO JP " +
  "KE KG KH KI KM KN KP KR KW KY KZ " +
  "LA LB LC LI LK LR LS LT LU LV LY " +
  "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
  "NA NC NE NF NG NI NL NO NP NR NU NZ " +
  "OM " +
  "PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
  "QA " +
  "RE RO RS RU RW " +
  "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
  "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
  "UA UG UM US UY UZ " +
  "VA VC VE VG VI VN VU " +
  "WF WS " +
  "XK " +
  "YE YT " +
  "ZA ZM ZW"
).split(" ");

/** Assigned codes by (first letter, second letter): the interned upper-case string, or "". */
const COUNTRY_TABLE: string[] = [];
for (let i = 0; i < 26 * 26; i++) COUNTRY_TABLE.push("");
for (const code of ISO_3166_ALPHA2) COUNTRY_TABLE[(code.charCodeAt(0) - 65) * 26 + (code.charCodeAt(1) - 65)] = code;

const COUNTRY_BAD = new Invalid("expected an ISO 3166-1 alpha-2 country code (two letters, such as US, BR, VN)");
const COUNTRY_UNKNOWN = new Invalid("not an assigned ISO 3166-1 alpha-2 country code");
const COUNTRY_UK = new Invalid('not an ISO 3166-1 alpha-2 country code: the United Kingdom is "GB"');

/** Index 0–25 of an ASCII letter, either case; -1 when not a letter. */
function letterIndex(c: number): number {
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return -1;
}

/** country → assigned ISO 3166-1 alpha-2 code, upper case (interned); null when empty. */
export function parseCountryAt(b: Uint8Array, start: number, end: number): Parsed<string> | null {
  let a = start;
  let e = end;
  if (a < e && (edge(b[a]) || edge(b[e - 1]))) {
    a = trimStartAt(b, a, e);
    e = trimEndAt(b, a, e);
  }
  if (a === e) return null;
  if (e - a !== 2) return COUNTRY_BAD;
  const x = letterIndex(b[a]);
  const y = letterIndex(b[a + 1]);
  if (x < 0 || y < 0) return COUNTRY_BAD;
  const code = COUNTRY_TABLE[x * 26 + y];
  if (code !== "") return code;
  return x === 20 && y === 10 ? COUNTRY_UK : COUNTRY_UNKNOWN;
}

export function parseCountry(cell: string): Parsed<string> | null {
  const b = utf8(cell);
  return parseCountryAt(b, 0, b.length);
}

// Language (BCP 47)

const LANGUAGE_BAD = new Invalid("expected a BCP 47 language tag such as en, es, pt-BR, zh-Hant-TW or es-419");

const ALPHA = /^[a-z]+$/i;
const ALNUM = /^[a-z0-9]+$/i;
const DIGITS = /^[0-9]+$/;

/**
 * language → a BCP 47 tag with canonical case (RFC 5646 §2.1.1): language and extensions lower
 * case, script title case, region upper case (`PT-br` → `pt-BR`, `zh-hant-tw` → `zh-Hant-TW`).
 * The SHAPE is validated (language[-extlang][-Script][-Region][-variant]*[-ext]*[-x-private],
 * language being 2–3 letters), not the registry. `_` is read as `-` (`pt_BR`, as locales are often written). Empty → null.
 */
export function parseLanguage(cell: string): Parsed<string> | null {
  const s = cell.trim();
  if (s.length === 0) return null;
  if (s.length > 64) return LANGUAGE_BAD;
  const parts = s.split(/[-_]/);
  const out: string[] = [];
  let i = 0;
  const lang = parts[0];
  // ISO 639 codes only (2–3 letters): the 5–8 letter subtags BCP 47 reserves are unused, and
  // accepting them would let `english` through.
  if (!ALPHA.test(lang) || lang.length < 2 || lang.length > 3) return LANGUAGE_BAD;
  out.push(lang.toLowerCase());
  i = 1;
  // extlang: up to three 3-letter subtags
  for (let k = 0; k < 3 && i < parts.length && parts[i].length === 3 && ALPHA.test(parts[i]); k++) {
    out.push(parts[i++].toLowerCase());
  }
  if (i < parts.length && parts[i].length === 4 && ALPHA.test(parts[i])) {
    const p = parts[i++];
    out.push(p[0].toUpperCase() + p.slice(1).toLowerCase());
  }
  if (i < parts.length) {
    const p = parts[i];
    if (p.length === 2 && ALPHA.test(p)) {
      out.push(p.toUpperCase());
      i++;
    } else if (p.length === 3 && DIGITS.test(p)) {
      out.push(p);
      i++;
    }
  }
  // variants
  while (i < parts.length) {
    const p = parts[i];
    if (ALNUM.test(p) && ((p.length >= 5 && p.length <= 8) || (p.length === 4 && p.charCodeAt(0) >= 48 && p.charCodeAt(0) <= 57))) {
      out.push(p.toLowerCase());
      i++;
    } else break;
  }
  // extensions and private use
  while (i < parts.length) {
    const singleton = parts[i];
    if (singleton.length !== 1 || !ALNUM.test(singleton)) return LANGUAGE_BAD;
    const priv = singleton === "x" || singleton === "X";
    out.push(singleton.toLowerCase());
    i++;
    const start = i;
    while (i < parts.length && ALNUM.test(parts[i]) && parts[i].length <= 8 && (priv || parts[i].length >= 2)) {
      out.push(parts[i++].toLowerCase());
    }
    if (i === start) return LANGUAGE_BAD;
  }
  return out.join("-");
}

// ---------------------------------------------------------------------------------------------
// Email and text

const EMAIL_BAD = new Invalid("expected an email address such as name@example.com");
const EMAIL_SHAPE = /^[^\s@",;<>()[\]\\]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/**
 * email → lower-cased address, or null when empty. A sane check, not RFC 5322: one `@`, a
 * local part without spaces or separators, a dotted domain of letters, digits and hyphens.
 */
export function parseEmail(cell: string): Parsed<string> | null {
  const s = cell.trim();
  if (s.length === 0) return null;
  if (s.length > 254) return EMAIL_BAD;
  const l = s.toLowerCase();
  if (!EMAIL_SHAPE.test(l) || l.startsWith(".") || l.includes("..") || l.includes(".@")) return EMAIL_BAD;
  return l;
}

/** text → trimmed text, or null when empty. */
export function parseText(cell: string): string | null {
  const s = cell.trim();
  return s.length === 0 ? null : s;
}

export function parseTextAt(b: Uint8Array, start: number, end: number): string | null {
  let a = start;
  let e = end;
  if (a < e && (edge(b[a]) || edge(b[e - 1]))) {
    a = trimStartAt(b, a, e);
    e = trimEndAt(b, a, e);
  }
  return a === e ? null : decodeRange(b, a, e);
}
