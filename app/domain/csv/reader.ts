/**
 * Streaming CSV record reader (RFC 4180 plus what spreadsheets write), and the CSV line writer
 * used for the rejected-rows file. Hand-written rather than uDSV/PapaParse: see
 * `docs/decisions/0002-csv-reader.md`.
 *
 * No I/O here: the reader consumes chunks pushed to it ({@link CsvRecordReader}) or an (async)
 * iterable of `Uint8Array | string` chunks ({@link readCsvRecords}) — a Node `Readable` from
 * `fs.createReadStream` is one.
 *
 * What it reads:
 * - UTF-8 (invalid UTF-8 is refused); a leading BOM is dropped; LF or CRLF line endings;
 * - the delimiter is given, or detected from the header line (`detectDelimiter`); a first line
 *   `sep=;` (written by Excel) sets it and is not a record;
 * - quoted fields may hold the delimiter, doubled quotes (`""`) and line breaks; spaces around
 *   a quoted field are allowed (`a, "b" ,c`); a quote inside an unquoted field is a literal
 *   character (`5" screen`); text after a closing quote (`"ab"c`) makes the record malformed
 *   (its error is set; its cells are still read, leniently);
 * - blank lines, and records whose cells are all blank (`,,,` rows left by spreadsheets), are
 *   skipped; a trailing newline at EOF is not a record;
 * - an unterminated quote at EOF gives a last record with its error set, at the line where
 *   that record starts. A record longer than `maxRecordLength` bytes (a quote left open
 *   mid-file swallowing the rest) throws {@link CsvSyntaxError}, as does invalid UTF-8.
 *
 * Output: {@link CsvBatch}, a batch of records as OFFSETS into the UTF-8 BYTES read (struct of
 * typed arrays). Nothing is decoded and no string or object is allocated per cell or record —
 * which is what makes a 1M-row file cheap: a `split` per line costs ~1 s of garbage
 * collection alone, and parsing values from bytes is ~2× faster than from a string. Cells are
 * decoded on demand (`cell`, `cells`, `raw`, `records()`); the row validator parses values
 * straight from the byte ranges. With `splitCells: false` (what `parseContractFile` uses),
 * lines without a quote are only delimited — a native `indexOf` per line — and their cells are
 * found by whoever reads them.
 */

import { detectDelimiter } from "./header";
import type { Delimiter } from "./types";
import { decodeRange, trimEndAt, trimStartAt, utf8 } from "./values";

/** One record of a CSV file, decoded (see {@link CsvBatch.records}). */
export interface CsvRecord {
  /** Physical 1-based line of the file at which the record starts. */
  line: number;
  /** Cells as read: unquoted, NOT trimmed. */
  cells: string[];
  /** The record's original text, without its line terminator (quoted line breaks kept). */
  raw: string;
  /** Why the record is malformed (bad quoting), or null. */
  error: string | null;
}

/**
 * Consecutive records of a file, as ranges of UTF-8 `bytes`.
 *
 * Record `r` (0 ≤ r < `count`) starts on physical line `lines[r]`; its original text is
 * `bytes[recStart[r], recEnd[r])`; its cells are `firstCell[r]` … `firstCell[r + 1] - 1`.
 * Cell `k` is `bytes[cellStart[k], cellEnd[k])` — unless `cellStart[k] < 0`, in which case its
 * bytes are all of `extras[-cellStart[k] - 1]` (a quoted cell that held `""`, or a malformed
 * one). Cells are NOT trimmed. A batch keeps its `bytes` (about one chunk of the file) alive.
 *
 * A reader created with `splitCells: false` leaves records without a quote unsplit: they have
 * no cells here (`firstCell[r + 1] === firstCell[r]`), as their line holds no quote, splitting
 * it on `delimiter` is all there is to do — {@link cells} and {@link split} do it on demand.
 */
export class CsvBatch {
  count = 0;
  /** Char code of the delimiter (0 when unknown, in a batch built from cells). */
  delimiter = 0;
  lines: Int32Array;
  recStart: Int32Array;
  recEnd: Int32Array;
  firstCell: Int32Array;
  cellStart: Int32Array;
  cellEnd: Int32Array;
  extras: Uint8Array[] = [];
  /** Malformed records: record index → message. */
  errors: Map<number, string> | null = null;

  constructor(
    public bytes: Uint8Array,
    recordCapacity = 64,
    cellCapacity = 512,
  ) {
    this.lines = new Int32Array(recordCapacity);
    this.recStart = new Int32Array(recordCapacity);
    this.recEnd = new Int32Array(recordCapacity);
    this.firstCell = new Int32Array(recordCapacity + 1);
    this.cellStart = new Int32Array(cellCapacity);
    this.cellEnd = new Int32Array(cellCapacity);
  }

  /** A one-record batch from cells already split (tests, the cell-array validators). */
  static fromCells(cells: readonly string[], line: number): CsvBatch {
    const encoded = cells.map(utf8);
    const bytes = new Uint8Array(encoded.reduce((n, e) => n + e.length, 0));
    const b = new CsvBatch(bytes, 1, Math.max(1, cells.length));
    let at = 0;
    encoded.forEach((e, k) => {
      bytes.set(e, at);
      b.cellStart[k] = at;
      at += e.length;
      b.cellEnd[k] = at;
    });
    b.lines[0] = line;
    b.recEnd[0] = at;
    b.firstCell[1] = cells.length;
    b.count = 1;
    return b;
  }

  /** Whether record `r` was left unsplit (see the class comment). */
  unsplit(r: number): boolean {
    return this.firstCell[r + 1] === this.firstCell[r] && this.delimiter !== 0;
  }

  /**
   * Record `r` with its cells: the batch itself when they are there (returns `r`'s index in
   * it), else a new one-record batch over the same bytes (index 0). Use the returned batch's
   * `[batch, index]`.
   */
  split(r: number): [CsvBatch, number] {
    if (!this.unsplit(r)) return [this, r];
    const start = this.recStart[r];
    const end = this.recEnd[r];
    const d = this.delimiter;
    let cells = 1;
    for (let i = start; i < end; i++) if (this.bytes[i] === d) cells++;
    const one = new CsvBatch(this.bytes, 1, cells);
    one.delimiter = d;
    let a = start;
    let k = 0;
    for (let i = start; i < end; i++) {
      if (this.bytes[i] === d) {
        one.cellStart[k] = a;
        one.cellEnd[k++] = i;
        a = i + 1;
      }
    }
    one.cellStart[k] = a;
    one.cellEnd[k] = end;
    one.lines[0] = this.lines[r];
    one.recStart[0] = start;
    one.recEnd[0] = end;
    one.firstCell[1] = cells;
    one.count = 1;
    return [one, 0];
  }

  /** Number of cells of record `r`. */
  cellCount(r: number): number {
    if (this.unsplit(r)) {
      const [one, i] = this.split(r);
      return one.cellCount(i);
    }
    return this.firstCell[r + 1] - this.firstCell[r];
  }

  /** Cell `c` of record `r`, decoded, as read (untrimmed). */
  cell(r: number, c: number): string {
    if (this.unsplit(r)) {
      const [one, i] = this.split(r);
      return one.cell(i, c);
    }
    const k = this.firstCell[r] + c;
    const a = this.cellStart[k];
    if (a < 0) {
      const x = this.extras[-a - 1];
      return decodeRange(x, 0, x.length);
    }
    return decodeRange(this.bytes, a, this.cellEnd[k]);
  }

  cells(r: number): string[] {
    if (this.unsplit(r)) {
      const [one, i] = this.split(r);
      return one.cells(i);
    }
    const out: string[] = [];
    for (let c = 0, n = this.cellCount(r); c < n; c++) out.push(this.cell(r, c));
    return out;
  }

  /** Original text of record `r`, without its line terminator. */
  raw(r: number): string {
    return decodeRange(this.bytes, this.recStart[r], this.recEnd[r]);
  }

  error(r: number): string | null {
    return this.errors === null ? null : (this.errors.get(r) ?? null);
  }

  /** The records as objects (convenient, but allocates: not for the hot path). */
  records(): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let r = 0; r < this.count; r++) out.push({ line: this.lines[r], cells: this.cells(r), raw: this.raw(r), error: this.error(r) });
    return out;
  }

  /** Empties the batch for new `bytes`, keeping its arrays when they are big enough. */
  reset(bytes: Uint8Array, recordCapacity: number, cellCapacity: number): void {
    this.bytes = bytes;
    this.count = 0;
    this.firstCell[0] = 0;
    if (this.extras.length > 0) this.extras = [];
    this.errors = null;
    if (this.lines.length < recordCapacity) {
      this.lines = new Int32Array(recordCapacity);
      this.recStart = new Int32Array(recordCapacity);
      this.recEnd = new Int32Array(recordCapacity);
      this.firstCell = new Int32Array(recordCapacity + 1);
    }
    if (this.cellStart.length < cellCapacity) {
      this.cellStart = new Int32Array(cellCapacity);
      this.cellEnd = new Int32Array(cellCapacity);
    }
  }

  /** Makes room for one more record. */
  growRecords(): void {
    const cap = this.lines.length * 2;
    this.lines = grow(this.lines, cap);
    this.recStart = grow(this.recStart, cap);
    this.recEnd = grow(this.recEnd, cap);
    this.firstCell = grow(this.firstCell, cap + 1);
  }

  /** Makes room for `min` cells in all. */
  growCells(min: number): void {
    const cap = Math.max(min, this.cellStart.length * 2);
    this.cellStart = grow(this.cellStart, cap);
    this.cellEnd = grow(this.cellEnd, cap);
  }
}

function grow(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** A file that cannot be read as CSV past a point (or is not UTF-8). */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** Physical line at which the problem starts. */
    readonly line: number,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

export interface CsvReaderOptions {
  /** The delimiter; by default detected from the header line. */
  delimiter?: Delimiter;
  /** Longest record accepted, in bytes (default 1 MiB). */
  maxRecordLength?: number;
  /** Skip records whose cells are all blank (default true). */
  skipBlankRecords?: boolean;
  /**
   * Reuse the memory of the previous batch for the next one (default false). Only when each
   * batch is done with before the next chunk is pushed: its arrays and bytes are overwritten.
   * Saves allocating (and zeroing, and collecting) ~2 MB per MiB of input.
   */
  reuseBuffers?: boolean;
  /**
   * Split records into cells (default true). When false, records without a quote are left
   * unsplit (see {@link CsvBatch}): finding the records then costs a native `indexOf` per
   * line instead of a look at every byte, for a consumer that reads the cells itself.
   */
  splitCells?: boolean;
}

export const UNTERMINATED_QUOTE = 'unterminated quoted field: a " opened in this record is never closed';
export const TEXT_AFTER_QUOTE =
  'malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")';

const SEP_LINE = /^sep=(.)$/i;
const EMPTY = new Uint8Array(0);
const fatalDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Push-based reader: feed it chunks (split anywhere, even mid-record, mid-CRLF or mid-UTF-8
 * sequence), get the complete records back as a {@link CsvBatch}; call {@link end} after the
 * last chunk.
 */
export class CsvRecordReader {
  /** The delimiter: as given, or detected once the header line has been seen. */
  delimiter: Delimiter | null;
  private delimCode = 0;
  /** Bytes of the incomplete record at the end of the last chunk. */
  private carry: Uint8Array = EMPTY;
  private nextLine = 1;
  private started = false;
  private cellsPerRecord = 8;
  private bytesPerRecord = 48;
  private readonly maxRecordLength: number;
  private readonly skipBlank: boolean;
  private readonly reuse: boolean;
  private readonly splitCells: boolean;
  private spare: CsvBatch | null = null;
  private joinBuffer: Uint8Array = EMPTY;

  constructor(options: CsvReaderOptions = {}) {
    this.delimiter = options.delimiter ?? null;
    if (this.delimiter !== null) this.delimCode = this.delimiter.charCodeAt(0);
    this.maxRecordLength = options.maxRecordLength ?? 1 << 20;
    this.skipBlank = options.skipBlankRecords ?? true;
    this.reuse = options.reuseBuffers ?? false;
    this.splitCells = options.splitCells ?? true;
  }

  /** Physical line number of the first line not yet returned as (part of) a record. */
  get line(): number {
    return this.nextLine;
  }

  /** Adds a chunk (UTF-8 bytes, or text); returns the records it completes. */
  push(chunk: Uint8Array | string): CsvBatch {
    const bytes = plain(typeof chunk === "string" ? utf8(chunk) : chunk);
    if (this.carry.length === 0) return this.parse(bytes, false);
    const total = this.carry.length + bytes.length;
    let joined: Uint8Array;
    if (this.reuse) {
      if (this.joinBuffer.length < total) this.joinBuffer = new Uint8Array(Math.ceil(total * 1.25));
      joined = this.joinBuffer.subarray(0, total);
    } else {
      joined = new Uint8Array(total);
    }
    joined.set(this.carry);
    joined.set(bytes, this.carry.length);
    return this.parse(joined, false);
  }

  /** Signals the end of the input; returns the last record(s). */
  end(): CsvBatch {
    const batch = this.parse(this.carry, true);
    this.carry = EMPTY;
    return batch;
  }

  /** BOM, `sep=` line, delimiter detection. Returns the position to parse from, or -1 to wait. */
  private start(b: Uint8Array, final: boolean): number {
    let pos = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    const nl = b.indexOf(10, pos);
    if (nl === -1 && !final) return -1;
    const firstEnd = nl === -1 ? b.length : nl;
    const sep = SEP_LINE.exec(decodeRange(b, pos, firstEnd).replace(/\r$/, ""));
    if (sep && (sep[1] === "," || sep[1] === ";" || sep[1] === "\t")) {
      if (this.delimiter === null) this.delimiter = sep[1];
      pos = nl === -1 ? b.length : nl + 1;
      this.nextLine++;
    }
    if (this.delimiter === null) {
      // The first non-blank line is the header.
      for (let p = pos; ; ) {
        const e = b.indexOf(10, p);
        if (e === -1 && !final) return -1;
        const end = e === -1 ? b.length : e;
        const a = trimStartAt(b, p, end);
        if (e === -1 || trimEndAt(b, a, end) > a) {
          this.delimiter = detectDelimiter(decodeRange(b, p, end));
          break;
        }
        p = e + 1;
      }
    }
    this.delimCode = this.delimiter.charCodeAt(0);
    this.started = true;
    return pos;
  }

  private parse(s: Uint8Array, final: boolean): CsvBatch {
    let pos = 0;
    if (!this.started) {
      pos = s.length === 0 && !final ? -1 : this.start(s, final);
      if (pos < 0) {
        this.carry = s.slice();
        this.checkLength(s.length);
        return new CsvBatch(EMPTY, 1, 1);
      }
    }
    const n = s.length;
    const dc = this.delimCode;
    const skipBlank = this.skipBlank;
    // Capacity from the records seen so far (+15%), grown if needed: typed arrays are zeroed on
    // allocation, so over-allocating costs time.
    const recCap = Math.max(16, Math.ceil(((n - pos) / this.bytesPerRecord) * 1.15));
    const b = this.batch(s, recCap, this.splitCells ? recCap * this.cellsPerRecord : 64);
    b.delimiter = dc;
    if (!this.splitCells) return this.parseRecords(b, s, pos, final);
    let cs = b.cellStart;
    let ce = b.cellEnd;
    let cap = cs.length;
    let nc = 0;
    let nr = 0;
    let line = this.nextLine;
    let high = 0; // OR of all bytes scanned: ≥ 128 means the batch is not pure ASCII
    const from = pos;

    while (pos < n) {
      if (nr + 1 >= b.lines.length) b.growRecords();
      // Fast path: scan the line for delimiters; leave it at the first quote.
      const first = nc;
      let a = pos;
      let i = pos;
      let c = 0;
      for (; i < n; i++) {
        c = s[i];
        if (c === dc) {
          if (nc === cap) {
            b.growCells(nc + 1);
            cs = b.cellStart;
            ce = b.cellEnd;
            cap = cs.length;
          }
          cs[nc] = a;
          ce[nc++] = i;
          a = i + 1;
        } else if (c === 10 || c === 34) {
          break;
        }
        high |= c;
      }
      if (i < n && c === 34) {
        // A record holding a quote: char by char, from its start.
        b.count = nr;
        const next = this.quotedRecord(b, first, pos, line, final);
        if (next < 0) {
          nc = first;
          break;
        }
        cs = b.cellStart;
        ce = b.cellEnd;
        cap = cs.length;
        nr = b.count;
        nc = b.firstCell[nr];
        for (let k = pos; k < next; k++) high |= s[k];
        line = this.slowLine;
        pos = next;
        continue;
      }
      if (i === n && !final) {
        nc = first;
        break;
      }
      // Line end at i (LF, or the end of the input).
      let le = i;
      if (le > pos && s[le - 1] === 13) le--;
      if (nc === cap) {
        b.growCells(nc + 1);
        cs = b.cellStart;
        ce = b.cellEnd;
        cap = cs.length;
      }
      cs[nc] = a;
      ce[nc++] = a > le ? a : le;
      if (skipBlank && blank(s, cs[first], ce[first]) && allBlank(b, first, nc)) {
        nc = first;
      } else {
        b.lines[nr] = line;
        b.recStart[nr] = pos;
        b.recEnd[nr] = le;
        b.firstCell[++nr] = nc;
      }
      line++;
      pos = i + 1;
    }
    b.count = nr;
    if (nr > 0) {
      this.cellsPerRecord = Math.max(1, Math.ceil(nc / nr));
      this.bytesPerRecord = Math.max(8, (pos - from) / nr);
    }
    if (high >= 128) this.checkUtf8(b, from, Math.min(pos, n));
    this.nextLine = line;
    this.carry = pos >= n ? EMPTY : s.slice(pos);
    if (!final) this.checkLength(this.carry.length);
    return b;
  }

  /** `parse` for `splitCells: false`: record boundaries only (and quoted records split). */
  private parseRecords(b: CsvBatch, s: Uint8Array, pos: number, final: boolean): CsvBatch {
    const n = s.length;
    const dc = this.delimCode;
    const skipBlank = this.skipBlank;
    const from = pos;
    const flags = scanFlags(s, pos, n);
    let q = (flags & HAS_QUOTE) !== 0 ? s.indexOf(34, pos) : -1; // next quote at or after pos
    let nr = 0;
    let nc = 0;
    let line = this.nextLine;
    while (pos < n) {
      if (nr + 1 >= b.lines.length) b.growRecords();
      let nl = s.indexOf(10, pos);
      if (nl === -1) {
        if (!final) break;
        nl = n;
      }
      if (q !== -1 && q < pos) q = s.indexOf(34, pos);
      if (q !== -1 && q < nl) {
        b.count = nr;
        const next = this.quotedRecord(b, nc, pos, line, final);
        if (next < 0) break;
        nr = b.count;
        nc = b.firstCell[nr];
        line = this.slowLine;
        pos = next;
        continue;
      }
      let le = nl;
      if (le > pos && s[le - 1] === 13) le--;
      const c = s[pos];
      // Blank, or maybe all blank cells (",,,"): only then look at the whole line.
      if (le === pos || (skipBlank && (c === dc || c <= 32 || c >= 128) && blankLine(s, pos, le, dc))) {
        line++;
        pos = nl + 1;
        continue;
      }
      b.lines[nr] = line;
      b.recStart[nr] = pos;
      b.recEnd[nr] = le;
      b.firstCell[++nr] = nc; // no cells: unsplit
      line++;
      pos = nl + 1;
    }
    b.count = nr;
    if (nr > 0) this.bytesPerRecord = Math.max(8, (pos - from) / nr);
    if ((flags & HAS_HIGH) !== 0) this.checkUtf8(b, from, Math.min(pos, n));
    this.nextLine = line;
    this.carry = pos >= n ? EMPTY : s.slice(pos);
    if (!final) this.checkLength(this.carry.length);
    return b;
  }

  private batch(bytes: Uint8Array, recordCapacity: number, cellCapacity: number): CsvBatch {
    if (!this.reuse) return new CsvBatch(bytes, recordCapacity, cellCapacity);
    if (this.spare === null) this.spare = new CsvBatch(bytes, recordCapacity, cellCapacity);
    else this.spare.reset(bytes, recordCapacity, cellCapacity);
    return this.spare;
  }

  /** Refuses bytes that are not UTF-8, naming the line of the first bad record. */
  private checkUtf8(b: CsvBatch, from: number, to: number): void {
    try {
      fatalDecoder.decode(b.bytes.subarray(from, to));
      return;
    } catch {
      let line = this.nextLine;
      for (let r = 0; r < b.count; r++) {
        try {
          fatalDecoder.decode(b.bytes.subarray(b.recStart[r], b.recEnd[r]));
        } catch {
          line = b.lines[r];
          break;
        }
      }
      throw new CsvSyntaxError(`the file is not valid UTF-8 (line ${line}): save it as "CSV UTF-8"`, line);
    }
  }

  private checkLength(pending: number): void {
    if (pending > this.maxRecordLength) {
      throw new CsvSyntaxError(
        `the record starting on line ${this.nextLine} is longer than ${this.maxRecordLength} bytes: is a quote left open?`,
        this.nextLine,
      );
    }
  }

  /** Line after the record parsed by {@link quotedRecord}. */
  private slowLine = 0;

  /**
   * Parses the record starting at `pos` (it holds a quote) into `b` as record `b.count`, its
   * cells from `nc` on. Returns the position after it (and sets `slowLine`), or -1 when the
   * input ends before the record does (nothing is added then). A blank record is dropped.
   */
  private quotedRecord(b: CsvBatch, nc: number, pos: number, line: number, final: boolean): number {
    const s = b.bytes;
    const n = s.length;
    const dc = this.delimCode;
    const first = nc;
    let error: string | null = null;
    let i = pos;
    let end: number; // end of the record's text (before its terminator)
    let next: number; // position after the terminator
    for (;;) {
      let j = i;
      while (j < n && s[j] === 32) j++;
      if (j < n && s[j] === 34) {
        // Quoted field.
        let k = j + 1;
        let escaped = false;
        let close = -1;
        for (;;) {
          const q = s.indexOf(34, k);
          if (q === -1) break;
          if (q + 1 === n && !final) return -1; // a closing quote, or the first of `""`?
          if (s[q + 1] === 34) {
            escaped = true;
            k = q + 2;
            continue;
          }
          close = q;
          break;
        }
        if (close === -1) {
          if (!final) return -1;
          error = UNTERMINATED_QUOTE;
          nc = addExtra(b, nc, unescape(s, j + 1, n));
          end = n;
          next = n;
          break;
        }
        k = close + 1;
        while (k < n && s[k] === 32) k++;
        let c = k < n ? s[k] : -1;
        const atEnd = c === -1 || c === 10 || (c === 13 && (k + 1 === n || s[k + 1] === 10));
        if (c !== dc && !atEnd) {
          // Text after the closing quote: keep it, flag the record.
          error ??= TEXT_AFTER_QUOTE;
          let e = k;
          while (e < n) {
            c = s[e];
            if (c === dc || c === 10) break;
            e++;
          }
          if (e === n && !final) return -1;
          let fe = e;
          if (e < n && c === 10 && s[e - 1] === 13) fe--;
          const inner = unescape(s, j + 1, close);
          const value = new Uint8Array(inner.length + (fe - k));
          value.set(inner);
          value.set(s.subarray(k, fe), inner.length);
          nc = addExtra(b, nc, value);
          k = e;
          c = k < n ? s[k] : -1;
        } else if (escaped) {
          nc = addExtra(b, nc, unescape(s, j + 1, close));
        } else {
          nc = addCell(b, nc, j + 1, close);
        }
        if (c === dc) {
          i = k + 1;
          continue;
        }
        if (c === -1) {
          if (!final) return -1;
          end = n;
          next = n;
          break;
        }
        if (c === 10) {
          end = k;
          next = k + 1;
          break;
        }
        // CR: before LF, or at the end of the input
        if (k + 1 === n) {
          if (!final) return -1;
          end = k;
          next = n;
          break;
        }
        end = k;
        next = k + 2;
        break;
      } else {
        // Unquoted field: up to the delimiter or the end of the line.
        let e = i;
        let c = 0;
        while (e < n) {
          c = s[e];
          if (c === dc || c === 10) break;
          e++;
        }
        if (e === n) {
          if (!final) return -1;
          let fe = n;
          if (fe > i && s[fe - 1] === 13) fe--;
          nc = addCell(b, nc, i, fe);
          end = fe;
          next = n;
          break;
        }
        if (c === dc) {
          nc = addCell(b, nc, i, e);
          i = e + 1;
          continue;
        }
        let fe = e;
        if (fe > i && s[fe - 1] === 13) fe--;
        nc = addCell(b, nc, i, fe);
        end = fe;
        next = e + 1;
        break;
      }
    }
    // Line breaks inside the record move the next record's line number.
    let breaks = 0;
    for (let p = pos; p < end; p++) if (s[p] === 10) breaks++;
    this.slowLine = line + 1 + breaks;
    if (error === null && this.skipBlank && allBlank(b, first, nc)) return next;
    const r = b.count;
    if (error !== null) (b.errors ??= new Map()).set(r, error);
    b.lines[r] = line;
    b.recStart[r] = pos;
    b.recEnd[r] = end;
    b.firstCell[r + 1] = nc;
    b.count = r + 1;
    return next;
  }
}

/**
 * The same bytes as a plain `Uint8Array` (a view, no copy): a Node `Buffer` is a subclass, and
 * mixing both in the hot loops would make every byte load polymorphic.
 */
function plain(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const HAS_QUOTE = 1;
const HAS_HIGH = 2;

/**
 * Whether `s[from, to)` holds a `"` (HAS_QUOTE) or a byte ≥ 128 (HAS_HIGH), 4 bytes at a time
 * (SWAR on an aligned `Int32Array` view): ~3× faster than a byte loop.
 */
function scanFlags(s: Uint8Array, from: number, to: number): number {
  let flags = 0;
  let i = from;
  while (i < to && ((s.byteOffset + i) & 3) !== 0) {
    const c = s[i++];
    if (c === 34) flags |= HAS_QUOTE;
    else if (c >= 128) flags |= HAS_HIGH;
  }
  const words = (to - i) >> 2;
  if (words > 0) {
    const w = new Int32Array(s.buffer, s.byteOffset + i, words);
    let high = 0;
    let quote = 0;
    for (let k = 0; k < words; k++) {
      const x = w[k];
      high |= x;
      const y = x ^ 0x22222222; // a zero byte where x has a quote
      quote |= (y - 0x01010101) & ~y;
    }
    // Classic "has a zero byte": (y − 0x01010101) & ~y & 0x80808080 is non-zero iff a byte
    // of y is zero, i.e. a byte of x is a quote (no false negative; a byte ≥ 128 in x can
    // only add a false positive, which costs one indexOf).
    if ((high & 0x80808080) !== 0) flags |= HAS_HIGH;
    if ((quote & 0x80808080) !== 0) flags |= HAS_QUOTE;
    i += words * 4;
  }
  for (; i < to; i++) {
    const c = s[i];
    if (c === 34) flags |= HAS_QUOTE;
    else if (c >= 128) flags |= HAS_HIGH;
  }
  return flags;
}

/** Whether the line `s[a, e)` has only blanks and delimiters (a spreadsheet's empty row). */
function blankLine(s: Uint8Array, a: number, e: number, dc: number): boolean {
  let i = a;
  while (i < e) {
    if (s[i] === dc) i++;
    else {
      const t = trimStartAt(s, i, e);
      if (t === i) return false;
      i = t;
    }
  }
  return true;
}

/** Appends cell `[start, stop)` as cell `nc` of `b`; returns the next cell index. */
function addCell(b: CsvBatch, nc: number, start: number, stop: number): number {
  if (nc >= b.cellStart.length) b.growCells(nc + 1);
  b.cellStart[nc] = start;
  b.cellEnd[nc] = stop;
  return nc + 1;
}

/** Appends a cell whose bytes are `value` (kept in `extras`); returns the next cell index. */
function addExtra(b: CsvBatch, nc: number, value: Uint8Array): number {
  b.extras.push(value);
  return addCell(b, nc, -b.extras.length, 0);
}

/** The bytes of a quoted field's inside, `""` read as `"`. */
function unescape(s: Uint8Array, a: number, e: number): Uint8Array {
  const out = new Uint8Array(e - a);
  let n = 0;
  for (let i = a; i < e; i++) {
    out[n++] = s[i];
    if (s[i] === 34 && i + 1 < e && s[i + 1] === 34) i++;
  }
  return n === out.length ? out : out.slice(0, n);
}

function blank(s: Uint8Array, a: number, e: number): boolean {
  return a >= e || trimStartAt(s, a, e) === e;
}

function allBlank(b: CsvBatch, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const a = b.cellStart[k];
    if (a < 0) {
      const x = b.extras[-a - 1];
      if (!blank(x, 0, x.length)) return false;
    } else if (!blank(b.bytes, a, b.cellEnd[k])) return false;
  }
  return true;
}

/** A source of file content: a Node `Readable`, a web stream, an array of chunks… */
export type CsvSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Largest piece handed to the reader at once (bounds the size of a batch). */
const MAX_PUSH_BYTES = 1 << 20;

/**
 * Reads records from chunks of bytes (UTF-8) or strings; yields them in batches (one per input
 * chunk, or per MiB for bigger chunks; empty batches are skipped), in file order, with
 * constant memory. The first record is the header. Pass your own `reader` to see the detected
 * `delimiter` and the current `line`.
 *
 * @throws CsvSyntaxError on invalid UTF-8 or a record longer than `maxRecordLength`.
 */
export async function* readCsvRecords(
  source: CsvSource,
  reader: CsvRecordReader = new CsvRecordReader(),
): AsyncGenerator<CsvBatch, void, undefined> {
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? utf8(chunk) : chunk;
    for (let p = 0; p < bytes.length; p += MAX_PUSH_BYTES) {
      const batch = reader.push(bytes.length <= MAX_PUSH_BYTES ? bytes : bytes.subarray(p, p + MAX_PUSH_BYTES));
      if (batch.count > 0) yield batch;
    }
  }
  const last = reader.end();
  if (last.count > 0) yield last;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Quotes a cell if it needs it (RFC 4180): it holds the delimiter, a quote, CR or LF. */
export function quoteCsvCell(cell: string, delimiter: Delimiter = ","): string {
  const d = delimiter.charCodeAt(0);
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c === d || c === 34 || c === 10 || c === 13) return `"${cell.replace(/"/g, '""')}"`;
  }
  return cell;
}

/**
 * A text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
 * prefixed with a quote, so that opening an export never runs what a name or a note holds.
 * For text only: figures (negative numbers) are written as they are.
 */
export function spreadsheetText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** One CSV line (without terminator) from cells, quoted as RFC 4180 requires. */
export function toCsvLine(cells: readonly string[], delimiter: Delimiter = ","): string {
  let s = "";
  for (let i = 0; i < cells.length; i++) s += (i === 0 ? "" : delimiter) + quoteCsvCell(cells[i], delimiter);
  return s;
}

/**
 * A line of the rejected-rows file: the record's original text plus an `error` cell, in the
 * file's own delimiter (so `;` files stay `;` files). Start the file with
 * `rejectedCsvLine(headerRaw, "error", delimiter)` and end each line with `\r\n` (RFC 4180).
 */
export function rejectedCsvLine(raw: string, error: string, delimiter: Delimiter = ","): string {
  return raw + delimiter + quoteCsvCell(error, delimiter);
}
