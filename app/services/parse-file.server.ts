import type { AffiliateRow, ContractBatch, ImportKind, RowIssue } from "../domain/csv";
import { ContractFileError, CsvSyntaxError } from "../domain/csv";
import { StateAssembler, type AccumulatedState, type StatePart } from "../domain/referral-accumulator";
import type { PackedFacts } from "../domain/row-codec";
import { startWorker } from "./workers.server";

export type ParsedBatch = Pick<ContractBatch, "headerRaw" | "delimiter" | "rejected" | "errors" | "warnings" | "recordsRead" | "bytesRead"> & {
  /** Valid rows in the batch. */
  valid: number;
} & ({ kind: "referrals"; facts: PackedFacts } | { kind: "affiliates"; rows: AffiliateRow[]; lines: number[] });

type Message =
  | ({ type: "batch" } & ParsedBatch)
  | { type: "state"; part: StatePart }
  | { type: "end"; referrals: boolean }
  | { type: "file-error"; issues: RowIssue[] }
  | { type: "syntax-error"; message: string; line: number }
  | { type: "error"; message: string };

/**
 * A contract file parsed, validated and accumulated in a worker thread. `batches()` streams the
 * valid facts while the worker reads ahead; once it has ended, `state` holds what the worker
 * gathered (referral files). Throws what parseContractFile throws.
 */
export class WorkerParse {
  state: AccumulatedState | null = null;
  constructor(
    private readonly file: string,
    private readonly opts: { kind?: ImportKind; databaseUrl?: string },
  ) {}

  async *batches(): AsyncGenerator<ParsedBatch> {
    const worker = startWorker("parse-worker", { workerData: { file: this.file, kind: this.opts.kind, databaseUrl: this.opts.databaseUrl } });
    const queue: Message[] = [];
    const assembler = new StateAssembler();
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
        if (m.type === "state") {
          assembler.add(m.part);
          continue;
        }
        if (m.type === "end") {
          this.state = m.referrals ? assembler.state() : null;
          return;
        }
        if (m.type === "file-error") throw new ContractFileError(m.issues);
        if (m.type === "syntax-error") throw new CsvSyntaxError(m.message, m.line);
        if (m.type === "error") throw new Error(m.message);
        const { type: _type, ...batch } = m;
        worker.postMessage("ack");
        yield batch;
      }
    } finally {
      await worker.terminate();
    }
  }
}
