import fs from "node:fs";
import type { Worker } from "node:worker_threads";
import type { AffiliateRow, ContractBatch, ImportKind, RowIssue } from "../domain/csv";
import { ContractFileError, CsvSyntaxError } from "../domain/csv";
import type { AggChunk, StatePart } from "../domain/referral-accumulator";
import type { PackedFacts } from "../domain/row-codec";
import { startWorker } from "./workers.server";
import { makeScratchDir } from "./data-dir.server";

/** Files from this size on are parsed by a worker whose old generation is capped at PARSE_WORKER_OLD_SPACE_MB. */
export const CAPPED_HEAP_FROM_BYTES = 256 * 2 ** 20;
/**
 * The parse worker's old generation for a large file: ~3× the live heap measured for a 6M-row
 * file. A file that needs more (millions of re-bindings inside it) fails with the worker's
 * out-of-memory error instead of taking the machine's memory.
 */
export const PARSE_WORKER_OLD_SPACE_MB = 192;

export type ParsedBatch = Pick<ContractBatch, "headerRaw" | "delimiter" | "rejected" | "errors" | "warnings" | "recordsRead" | "bytesRead"> & {
  /** Valid rows in the batch. */
  valid: number;
} & (
    | {
        kind: "referrals";
        facts: PackedFacts;
        /** Rollup groups of fresh weeks flushed while reading (to be added to what was written before). */
        rollups: AggChunk[];
      }
    | { kind: "affiliates"; rows: AffiliateRow[]; lines: number[] }
  );

type Message =
  | ({ type: "batch" } & ParsedBatch)
  | { type: "read"; referrals: boolean }
  | { type: "state"; part: StatePart }
  | { type: "end" }
  | { type: "file-error"; issues: RowIssue[] }
  | { type: "syntax-error"; message: string; line: number }
  | { type: "error"; message: string };

/**
 * A contract file parsed, validated and accumulated in a worker thread. `batches()` streams the
 * valid facts while the worker reads ahead; then, for a referral file, `parts()` streams what the
 * worker gathered (ReferralAccumulator.exportParts) as the worker packs it, so that the writer
 * can start on the first parts while the worker makes the next. Throws what parseContractFile
 * throws. `close()` ends the worker (always call it).
 */
export class WorkerParse {
  /** Whether the file was a referral file whose state `parts()` hands over (known after `batches()`). */
  referrals = false;
  private worker: Worker | null = null;
  private readonly queue: Message[] = [];
  private notify: (() => void) | null = null;
  private failure: Error | null = null;
  /** The worker's termination, begun when its last message arrived. */
  private ending: Promise<number> | null = null;
  private spillDir: string | null = null;

  constructor(
    private readonly file: string,
    private readonly opts: { kind?: ImportKind; databaseUrl?: string; inviteesInMemory?: number },
  ) {}

  /**
   * Starts the worker (reading ahead as far as its credits allow) before `batches()` is asked,
   * so that it boots and parses while this thread does something else (the file's hash).
   */
  start(): Worker {
    return (this.worker ??= this.launch());
  }

  private launch(): Worker {
    // A scratch directory for what the worker puts away out of memory (duplicate-key tables, runs of
    // invitee rows), in the data directory, removed by close() — on success, failure or a duplicate.
    this.spillDir = makeScratchDir();
    const worker = startWorker("parse-worker", {
      workerData: { file: this.file, kind: this.opts.kind, databaseUrl: this.opts.databaseUrl, spillDir: this.spillDir, inviteesInMemory: this.opts.inviteesInMemory },
      // A large file: the worker's JavaScript heap capped, so that V8 collects its garbage before it
      // piles up (its live heap stays under ~60 MB even for 6M rows; decision 0015). Smaller files
      // keep V8's defaults: fewer major collections, ~0.3 s less CPU for the 1M-row benchmark file.
      ...(fs.statSync(this.file).size >= CAPPED_HEAP_FROM_BYTES ? { resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_OLD_SPACE_MB } } : {}),
    });
    worker.on("message", (m: Message) => {
      this.queue.push(m);
      // Everything the worker had to say is queued: its memory is given back now, while the writer
      // is still busy with the queue.
      if (m.type === "end") this.ending = worker.terminate();
      this.notify?.();
    });
    worker.on("error", (e) => {
      this.failure = e;
      this.notify?.();
    });
    return worker;
  }

  private async next(): Promise<Message> {
    while (this.queue.length === 0 && !this.failure) await new Promise<void>((r) => (this.notify = r));
    this.notify = null;
    if (this.queue.length === 0) throw this.failure!;
    const m = this.queue.shift()!;
    if (m.type === "file-error") throw new ContractFileError(m.issues);
    if (m.type === "syntax-error") throw new CsvSyntaxError(m.message, m.line);
    if (m.type === "error") throw new Error(m.message);
    return m;
  }

  async *batches(): AsyncGenerator<ParsedBatch> {
    const worker = this.start();
    for (;;) {
      const m = await this.next();
      if (m.type === "read") {
        this.referrals = m.referrals;
        return;
      }
      if (m.type !== "batch") throw new Error(`parse worker: unexpected ${m.type} message`);
      const { type: _type, ...batch } = m;
      worker.postMessage("ack");
      yield batch;
    }
  }

  /** The accumulated state of a referral file, part by part as the worker makes it (after `batches()`). */
  async *parts(): AsyncGenerator<StatePart> {
    if (!this.referrals) return;
    for (;;) {
      const m = await this.next();
      if (m.type === "end") return;
      if (m.type !== "state") throw new Error(`parse worker: unexpected ${m.type} message`);
      this.worker?.postMessage("ack-part");
      yield m.part;
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    try {
      if (this.ending) await this.ending;
      else if (worker) await worker.terminate();
    } finally {
      if (this.spillDir) fs.rmSync(this.spillDir, { recursive: true, force: true });
      this.spillDir = null;
    }
  }
}
