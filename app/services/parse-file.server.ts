import type { AffiliateRow, ContractBatch, Delimiter, ImportKind, ReferralRow, RejectedRecord, RowIssue } from "../domain/csv";
import { ContractFileError, CsvSyntaxError } from "../domain/csv";
import { unpackRows, type PackedRows } from "../domain/row-codec";
import { startWorker } from "./workers.server";

export type ParsedBatch = Pick<ContractBatch, "headerRaw" | "delimiter" | "rejected" | "errors" | "warnings" | "recordsRead" | "bytesRead"> &
  ({ kind: "referrals"; rows: ReferralRow[]; lines: ArrayLike<number> } | { kind: "affiliates"; rows: AffiliateRow[]; lines: ArrayLike<number> });

type Message =
  | {
      type: "batch";
      kind: ImportKind;
      headerRaw: string;
      delimiter: Delimiter;
      lines: Int32Array;
      rejected: RejectedRecord[];
      errors: RowIssue[];
      warnings: RowIssue[];
      recordsRead: number;
      bytesRead: number;
      packed?: PackedRows;
      rows?: AffiliateRow[];
    }
  | { type: "end" }
  | { type: "file-error"; issues: RowIssue[] }
  | { type: "syntax-error"; message: string; line: number }
  | { type: "error"; message: string };

/**
 * The contract file, parsed and validated in a worker thread, as a stream of batches: the
 * reading and validation of one batch overlap with the writing of the one before.
 * Throws what parseContractFile throws (ContractFileError, CsvSyntaxError).
 */
export async function* parseFileInWorker(file: string, opts: { kind?: ImportKind } = {}): AsyncGenerator<ParsedBatch> {
  const worker = startWorker("parse-worker", { workerData: { file, kind: opts.kind } });
  const queue: Message[] = [];
  let notify: (() => void) | null = null;
  let failure: Error | null = null;
  worker.on("message", (m: Message) => {
    queue.push(m);
    notify?.();
  });
  worker.on("error", (e) => {
    failure = e;
    notify?.();
  });
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((r) => (notify = r));
      notify = null;
      if (failure) throw failure;
      const m = queue.shift()!;
      if (m.type === "end") return;
      if (m.type === "file-error") throw new ContractFileError(m.issues);
      if (m.type === "syntax-error") throw new CsvSyntaxError(m.message, m.line);
      if (m.type === "error") throw new Error(m.message);
      const { packed, rows, type: _type, ...rest } = m;
      const batch = (m.kind === "referrals" ? { ...rest, kind: "referrals", rows: unpackRows(packed!) } : { ...rest, kind: "affiliates", rows: rows! }) as ParsedBatch;
      worker.postMessage("ack");
      yield batch;
    }
  } finally {
    await worker.terminate();
  }
}
