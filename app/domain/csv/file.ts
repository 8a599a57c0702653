/**
 * The whole contract over a file: reader → header → row validation → duplicate keys, as a
 * stream of batches an import pipeline consumes with constant memory (plus the duplicate-key
 * index, ~30 bytes per row).
 */

import { detectKind, resolveHeader, type ResolvedHeader } from "./header";
import { CsvRecordReader, readCsvRecords, type CsvBatch, type CsvSource } from "./reader";
import { AffiliateKeyTracker, ReferralKeyTracker, validateAffiliateRecord, validateReferralRecord } from "./rows";
import type { Delimiter, ImportKind, RowIssue, RowOf } from "./types";

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
  // Batches of records are consumed here, synchronously, before the next is read: the reader
  // may reuse its buffers.
  const reader = new CsvRecordReader({
    delimiter: options.delimiter,
    maxRecordLength: options.maxRecordLength,
    reuseBuffers: true,
  });

  let header: ResolvedHeader | null = null;
  let headerRaw = "";
  let validate: ((records: CsvBatch, r: number, b: ContractBatch) => void) | null = null;
  let batch: ContractBatch | null = null;
  let recordsRead = 0;
  let yielded = false;
  const fresh = (): ContractBatch =>
    ({
      kind: header!.kind,
      header: header!,
      headerRaw,
      delimiter: reader.delimiter as Delimiter,
      rows: [],
      lines: [],
      rejected: [],
      errors: [],
      warnings: [],
      recordsRead: 0,
      bytesRead: 0,
    }) as ContractBatch;

  for await (const records of readCsvRecords(counted, reader)) {
    let r = 0;
    if (header === null) {
      const line = records.lines[0];
      const error = records.error(0);
      if (error !== null) throw fileError(line, `the header line is malformed: ${error}`);
      const names = records.cells(0);
      const kind = options.kind ?? detectKind(names);
      if (kind === null) {
        throw fileError(
          line,
          "cannot tell the kind of file from its header: a referral activity file has week_start, " +
            "affiliate_uid, invitee_uid, registered_at…; an affiliate roster has affiliate_uid, name, type…",
        );
      }
      header = resolveHeader(kind, names, line);
      if (!header.ok) throw new ContractFileError(header.errors);
      headerRaw = records.raw(0);
      validate = makeValidator(header, options.expectedRows ?? 0);
      batch = fresh();
      batch.warnings.push(...header.warnings);
      r = 1;
    }
    const check = validate!;
    for (; r < records.count; r++) {
      const b = batch!;
      check(records, r, b);
      recordsRead++;
      if (b.rows.length + b.rejected.length >= batchSize) {
        b.recordsRead = recordsRead;
        b.bytesRead = bytesRead;
        yield b;
        yielded = true;
        batch = fresh();
      }
    }
  }
  if (batch === null) throw fileError(1, "the file is empty: it has no header line");
  if (!yielded || batch.rows.length + batch.rejected.length > 0 || batch.warnings.length > 0) {
    batch.recordsRead = recordsRead;
    batch.bytesRead = bytesRead;
    yield batch;
  }
}

/** The per-record step for a resolved header: validate, check the key, sort into the batch. */
function makeValidator(header: ResolvedHeader, expectedRows: number): (records: CsvBatch, r: number, b: ContractBatch) => void {
  const reject = (records: CsvBatch, r: number, b: ContractBatch, from: number) => {
    let error = "";
    for (let i = from; i < b.errors.length; i++) {
      const e = b.errors[i];
      error += (error === "" ? "" : "; ") + (e.column === null ? e.message : `${e.column}: ${e.message}`);
    }
    b.rejected.push({ line: records.lines[r], raw: records.raw(r), error });
  };
  const malformed = (records: CsvBatch, r: number, b: ContractBatch): boolean => {
    if (records.errors === null) return false;
    const message = records.errors.get(r);
    if (message === undefined) return false;
    const from = b.errors.length;
    b.errors.push({ line: records.lines[r], column: null, value: null, message });
    reject(records, r, b, from);
    return true;
  };
  if (header.kind === "referrals") {
    const h = header as ResolvedHeader<"referrals">;
    const keys = new ReferralKeyTracker(expectedRows);
    return (records, r, b) => {
      if (malformed(records, r, b)) return;
      const from = b.errors.length;
      const row = validateReferralRecord(records, r, h, b);
      const line = records.lines[r];
      if (row === null || keys.check(row, line, h, b) !== null) reject(records, r, b, from);
      else {
        (b as ContractBatchOf<"referrals">).rows.push(row);
        b.lines.push(line);
      }
    };
  }
  const h = header as ResolvedHeader<"affiliates">;
  const keys = new AffiliateKeyTracker(expectedRows);
  return (records, r, b) => {
    if (malformed(records, r, b)) return;
    const from = b.errors.length;
    const row = validateAffiliateRecord(records, r, h, b);
    const line = records.lines[r];
    if (row === null || keys.check(row, line, h, b) !== null) reject(records, r, b, from);
    else {
      (b as ContractBatchOf<"affiliates">).rows.push(row);
      b.lines.push(line);
    }
  };
}

/** Passes chunks through, counting the bytes of binary ones. */
async function* countBytes(source: CsvSource, add: (n: number) => void): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of source) {
    if (typeof chunk !== "string") add(chunk.byteLength);
    yield chunk;
  }
}
