/**
 * The whole contract over a file: reader → header → row validation → duplicate keys, as a
 * stream of batches an import pipeline consumes with constant memory (plus the duplicate-key
 * index, 12–24 bytes per distinct key).
 */

import { detectKind, resolveHeader, type ResolvedHeader } from "./header";
import { CsvRecordReader, readCsvRecords, type CsvBatch, type CsvSource } from "./reader";
import {
  AffiliateKeyTracker,
  fastReferralRecord,
  lastInviteeKey,
  referralColumnCodes,
  ReferralKeyTracker,
  validateAffiliateRecord,
  validateReferralRecord,
  type KeySpill,
} from "./rows";
import type { Delimiter, ImportKind, ReferralRow, RowIssue, RowOf } from "./types";

/** A record that failed validation, for the rejected-rows file. */
export interface RejectedRecord {
  line: number;
  /** Original text of the record (see `CsvRecord.raw`). */
  raw: string;
  /** All the record's errors in one sentence: `column: message; column: message`. */
  error: string;
}

/** A batch of consecutive records of a file, validated. */
export interface ContractBatchOf<K extends ImportKind> {
  kind: K;
  /** The resolved header (the same object in every batch). */
  header: ResolvedHeader<K>;
  /** Original text of the header line (for the rejected-rows file). */
  headerRaw: string;
  delimiter: Delimiter;
  /** Valid rows, in file order (duplicates of an earlier key are not in it). */
  rows: RowOf<K>[];
  /** `lines[i]` is the physical line of `rows[i]`. */
  lines: number[];
  /** Records with at least one error, with their original text. */
  rejected: RejectedRecord[];
  /** Every error of the batch's records (a rejected record has one or more). */
  errors: RowIssue[];
  /** Warnings: the header's (unknown columns) in the first batch, then the rows'. */
  warnings: RowIssue[];
  /** Records read so far in the file, header excluded (cumulative). */
  recordsRead: number;
  /** Bytes of the source consumed so far (cumulative; 0 for string sources) — for progress. */
  bytesRead: number;
}

export type ContractBatch = ContractBatchOf<"referrals"> | ContractBatchOf<"affiliates">;

/** The file is refused as a whole (no header, unknown kind, missing or duplicated columns, …). */
export class ContractFileError extends Error {
  constructor(readonly issues: RowIssue[]) {
    super(issues.map((i) => i.message).join("; "));
    this.name = "ContractFileError";
  }
}

const DEFAULT_BATCH_SIZE = 1024;

export interface ParseContractOptions<K extends ImportKind = ImportKind> {
  /** The kind of file; detected from the header when absent. */
  kind?: K;
  /** The delimiter; detected from the header line when absent. */
  delimiter?: Delimiter;
  /**
   * A batch is yielded once it holds this many records (default 1024); the last may be
   * smaller. Small batches keep the rows short-lived (cheap to garbage-collect); 1024 was the
   * fastest of 256…8192 in `scripts/bench/csv-parse.ts`.
   */
  batchSize?: number;
  /** Longest record accepted, in bytes (default 1 MiB). */
  maxRecordLength?: number;
  /**
   * Expected number of rows, a hint (file size ÷ ~100 bytes, say): the duplicate-key index is
   * sized once instead of growing (growing a 1M-key index costs ~80 ms of rehashing).
   */
  expectedRows?: number;
  /**
   * Where the duplicate-key tables of the weeks not being read go past KEYS_IN_MEMORY keys (a
   * referral file): without one they all stay in memory, which grows with the file's rows.
   */
  keySpill?: KeySpill;
  /** Keys held in memory before tables go to `keySpill` (default KEYS_IN_MEMORY; tests make it small). */
  keysInMemory?: number;
}

function fileError(line: number, message: string): ContractFileError {
  return new ContractFileError([{ line, column: null, value: null, message }]);
}

/**
 * Parses and validates a contract file, yielding batches of valid rows, rejected records,
 * errors and warnings. At least one batch is yielded for a file with a header.
 *
 * All-or-nothing imports stop writing at the first batch with `errors` but should keep
 * consuming to report every error; partial imports write `rows` and keep `rejected`.
 *
 * @throws ContractFileError before the first batch when the file is refused: empty, header
 *   malformed, kind not given and not detectable, a required column missing, a column twice.
 * @throws CsvSyntaxError (any time) when the file is not UTF-8 or a record is longer than
 *   `maxRecordLength` (a quote left open mid-file).
 */
export function parseContractFile<K extends ImportKind>(
  source: CsvSource,
  options: ParseContractOptions<K> & { kind: K },
): AsyncGenerator<ContractBatchOf<K>, void, undefined>;
export function parseContractFile(
  source: CsvSource,
  options?: ParseContractOptions,
): AsyncGenerator<ContractBatch, void, undefined>;
export async function* parseContractFile(
  source: CsvSource,
  options: ParseContractOptions = {},
): AsyncGenerator<ContractBatch, void, undefined> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  let bytesRead = 0;
  const counted = countBytes(source, (n) => (bytesRead += n));
  const reader = new CsvRecordReader({
    delimiter: options.delimiter,
    maxRecordLength: options.maxRecordLength,
    // Each batch of records is done with, here, before the next chunk is read.
    reuseBuffers: true,
    // The row validators find the cells themselves.
    splitCells: false,
  });

  let step: Validator | null = null;
  let batch: ContractBatch | null = null;
  let recordsRead = 0;
  let yielded = false;
  const finish = (b: ContractBatch): ContractBatch => {
    b.recordsRead = recordsRead;
    b.bytesRead = bytesRead;
    return b;
  };

  for await (const records of readCsvRecords(counted, reader)) {
    let r = 0;
    if (step === null) {
      const line = records.lines[0];
      const error = records.error(0);
      if (error !== null) throw fileError(line, `the header line is malformed: ${error}`);
      const names = records.cells(0);
      if (names.some((n) => n.includes("\r"))) {
        throw fileError(line, "the file's lines end with a lone CR (old Mac format): save it with LF or CRLF line endings");
      }
      const kind = options.kind ?? detectKind(names);
      if (kind === null) {
        throw fileError(
          line,
          "cannot tell the kind of file from its header: a referral activity file has week_start, " +
            "affiliate_uid, invitee_uid, registered_at…; an affiliate roster has affiliate_uid, name, type…",
        );
      }
      const header = resolveHeader(kind, names, line);
      if (!header.ok) throw new ContractFileError(header.errors);
      const headerRaw = records.raw(0);
      const delimiter = reader.delimiter as Delimiter;
      const expected = options.expectedRows ?? 0;
      step =
        kind === "referrals"
          ? new ReferralValidator(header as ResolvedHeader<"referrals">, headerRaw, delimiter, expected, options.keySpill ?? null, options.keysInMemory)
          : new AffiliateValidator(header as ResolvedHeader<"affiliates">, headerRaw, delimiter, expected);
      batch = step.fresh();
      batch.warnings.push(...header.warnings);
      r = 1;
    }
    const v = step;
    for (; r < records.count; r++) {
      const b = batch!;
      v.record(records, r, b);
      recordsRead++;
      if (b.rows.length + b.rejected.length >= batchSize) {
        v.settle(records, b);
        yield finish(b);
        yielded = true;
        batch = v.fresh();
      }
    }
    v.settle(records, batch!);
  }
  if (batch === null) throw fileError(1, "the file is empty: it has no header line");
  if (!yielded || batch.rows.length + batch.rejected.length > 0 || batch.warnings.length > 0) yield finish(batch);
}

/** The per-record work for one kind of file. */
interface Validator {
  fresh(): ContractBatch;
  /** Validates record `r` into `b` (its key may be checked only at `settle`). */
  record(records: CsvBatch, r: number, b: ContractBatch): void;
  /** Finishes the records given since the last call, while `records` is still readable. */
  settle(records: CsvBatch, b: ContractBatch): void;
}

/** A batch with nothing in it yet (the same shape for both kinds). */
function emptyBatch<K extends ImportKind>(kind: K, header: ResolvedHeader<K>, headerRaw: string, delimiter: Delimiter): ContractBatchOf<K> {
  return { kind, header, headerRaw, delimiter, rows: [], lines: [], rejected: [], errors: [], warnings: [], recordsRead: 0, bytesRead: 0 };
}

/** Appends a rejected record, its error made of the issues `b.errors[from…]`. */
function reject(records: CsvBatch, r: number, b: ContractBatch, from: number): void {
  let error = "";
  for (let i = from; i < b.errors.length; i++) {
    const e = b.errors[i];
    error += (error === "" ? "" : "; ") + (e.column === null ? e.message : `${e.column}: ${e.message}`);
  }
  b.rejected.push({ line: records.lines[r], raw: records.raw(r), error });
}

/** A record the reader found malformed (bad quoting): rejected with that error. */
function malformed(records: CsvBatch, r: number, b: ContractBatch): boolean {
  if (records.errors === null) return false;
  const message = records.errors.get(r);
  if (message === undefined) return false;
  const from = b.errors.length;
  b.errors.push({ line: records.lines[r], column: null, value: null, message });
  reject(records, r, b, from);
  return true;
}

const byLine = (x: { line: number }, y: { line: number }) => x.line - y.line;

class ReferralValidator implements Validator {
  private readonly keys: ReferralKeyTracker;
  private readonly codes: Int8Array;
  /** Rows validated but whose key is not checked yet: from `b.rows[pending]` on. */
  private pending = 0;
  private pendingRecords: number[] = [];
  /** Their uid keys (`UidLineTable.keyOf`) when the fast path computed them, else -2. */
  private pendingKeys: number[] = [];
  private keyScratch = new Float64Array(1024);
  private slotScratch = new Int32Array(1024);

  constructor(
    private readonly header: ResolvedHeader<"referrals">,
    private readonly headerRaw: string,
    private readonly delimiter: Delimiter,
    expectedRows: number,
    keySpill: KeySpill | null,
    keysInMemory: number | undefined,
  ) {
    this.keys = new ReferralKeyTracker(expectedRows, keySpill, keysInMemory);
    this.codes = referralColumnCodes(header);
  }

  fresh(): ContractBatchOf<"referrals"> {
    this.pending = 0;
    this.pendingRecords.length = 0;
    this.pendingKeys.length = 0;
    return emptyBatch("referrals", this.header, this.headerRaw, this.delimiter);
  }

  record(records: CsvBatch, r: number, batch: ContractBatch): void {
    const b = batch as ContractBatchOf<"referrals">;
    if (malformed(records, r, b)) return;
    const from = b.errors.length;
    // Clean rows in one pass; anything else through the validator that reports.
    let row: ReferralRow | null | undefined = records.unsplit(r)
      ? fastReferralRecord(records, r, this.codes, this.header)
      : undefined;
    let key = -2;
    if (row !== undefined) key = lastInviteeKey;
    else row = validateReferralRecord(records, r, this.header, b);
    if (row === null) return reject(records, r, b, from);
    b.rows.push(row);
    b.lines.push(records.lines[r]);
    this.pendingRecords.push(r);
    this.pendingKeys.push(key);
  }

  /**
   * Checks the keys of the pending rows, in file order, in two passes: first touch each key's
   * slot of the index (independent loads, which the CPU overlaps), then register them — the
   * index is a few tens of MB read at random, so this halves the cost of the check.
   */
  settle(records: CsvBatch, batch: ContractBatch): void {
    const b = batch as ContractBatchOf<"referrals">;
    const from = this.pending;
    const n = b.rows.length - from;
    if (n === 0) return;
    if (this.keyScratch.length < n) {
      this.keyScratch = new Float64Array(n * 2);
      this.slotScratch = new Int32Array(n * 2);
    }
    const keys = this.keyScratch;
    // A file holds one week, or a few: touch per run of rows of one week.
    let runStart = 0;
    let table = this.keys.table(b.rows[from].weekStart);
    for (let i = 0; i < n; i++) {
      const row = b.rows[from + i];
      const t = this.keys.table(row.weekStart);
      if (t !== table) {
        _touched ^= table.touch(keys.subarray(runStart), i - runStart, this.slotScratch);
        table = t;
        runStart = i;
      }
      const key = this.pendingKeys[i];
      keys[i] = key === -2 ? t.keyOf(row.inviteeUid) : key;
    }
    _touched ^= table.touch(keys.subarray(runStart), n - runStart, this.slotScratch);
    let w = from;
    let sorted = true;
    for (let i = 0; i < n; i++) {
      const row = b.rows[from + i];
      const line = b.lines[from + i];
      const first = this.keys.table(row.weekStart).firstLineOfKey(keys[i], row.inviteeUid, line);
      if (first === 0) {
        b.rows[w] = row;
        b.lines[w++] = line;
        continue;
      }
      const errorsFrom = b.errors.length;
      b.errors.push(ReferralKeyTracker.duplicate(row, line, first, this.header));
      reject(records, this.pendingRecords[i], b, errorsFrom);
      sorted = false;
    }
    b.rows.length = w;
    b.lines.length = w;
    this.pending = w;
    this.pendingRecords.length = 0;
    this.pendingKeys.length = 0;
    if (!sorted) {
      // Duplicates were found after the other errors of these records: back to file order.
      b.errors.sort(byLine);
      b.rejected.sort(byLine);
    }
  }
}

/** Where touched values go, so that the loads are not optimised away. */
let _touched = 0;

class AffiliateValidator implements Validator {
  private readonly keys: AffiliateKeyTracker;

  constructor(
    private readonly header: ResolvedHeader<"affiliates">,
    private readonly headerRaw: string,
    private readonly delimiter: Delimiter,
    expectedRows: number,
  ) {
    this.keys = new AffiliateKeyTracker(expectedRows);
  }

  fresh(): ContractBatchOf<"affiliates"> {
    return emptyBatch("affiliates", this.header, this.headerRaw, this.delimiter);
  }

  record(records: CsvBatch, r: number, batch: ContractBatch): void {
    const b = batch as ContractBatchOf<"affiliates">;
    if (malformed(records, r, b)) return;
    const from = b.errors.length;
    const row = validateAffiliateRecord(records, r, this.header, b);
    const line = records.lines[r];
    if (row === null || this.keys.check(row, line, this.header, b) !== null) return reject(records, r, b, from);
    b.rows.push(row);
    b.lines.push(line);
  }

  settle(): void {}
}

/** Passes chunks through, counting the bytes of binary ones. */
async function* countBytes(source: CsvSource, add: (n: number) => void): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of source) {
    if (typeof chunk !== "string") add(chunk.byteLength);
    yield chunk;
  }
}
