// Reads and validates a contract file in its own thread, and gathers what the import needs
// after the rows (ReferralAccumulator), so that the import's writing thread does only the
// writing. Batches go back packed; up to 64 are in flight (state parts: 4).
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { databaseFile } from "../../db/file";
import { ContractFileError, CsvSyntaxError, parseContractFile, type ImportKind } from "../domain/csv";
import { partBuffers, ReferralAccumulator } from "../domain/referral-accumulator";
import { FactPacker } from "../domain/row-codec";
import { fileKeySpill, fileRunSpill } from "./key-spill.server";

const { file, kind, databaseUrl, spillDir, inviteesInMemory } = workerData as {
  file: string;
  kind?: ImportKind;
  databaseUrl?: string;
  spillDir?: string;
  inviteesInMemory?: number;
};
const port = parentPort!;
/**
 * Messages posted and not yet taken by the writer, counted apart for batches and state parts (the
 * writer acknowledges each: "ack" a batch, "ack-part" a part). Batches may run further ahead than
 * parts: a batch is small (~0.1 MB), and a lead of a few tenths of a second lets the worker ride
 * out its own slow moments (a flush of the rollup groups). Parts stay few in flight (0013):
 * unread, they would hold the packed state whole in the writer's heap. Counted apart, the first
 * parts (and the sort of the invitees behind them) are made while the writer still works through
 * the last batches, instead of after it.
 */
const BATCHES_IN_FLIGHT = 64;
const PARTS_IN_FLIGHT = 4;
const inFlight = { batches: 0, parts: 0 };
let wake: (() => void) | null = null;
port.on("message", (m) => {
  if (m === "ack" || m === "ack-part") {
    inFlight[m === "ack" ? "batches" : "parts"]--;
    wake?.();
    wake = null;
  }
});

/** Waits until fewer than `limit` messages of the kind are in flight, then counts one more. */
async function credit(kind: keyof typeof inFlight, limit: number) {
  while (inFlight[kind] >= limit) await new Promise<void>((r) => (wake = r));
  inFlight[kind]++;
}

async function main() {
  // A read-only look at the database as it was before the import: which weeks it already holds.
  const reader = new Database(databaseFile(databaseUrl), { readonly: true, fileMustExist: true });
  const weekExists = reader.prepare("SELECT 1 FROM activity WHERE week_start = ? LIMIT 1");
  // Into a database without invitees (a first load) nothing of the funnel is taken out: the worker
  // counts it, off the writer's thread. Otherwise the writer counts the differences.
  const firstLoad = reader.prepare("SELECT 1 FROM invitees LIMIT 1").get() === undefined;
  // Invitees past INVITEES_IN_MEMORY are not followed in memory: their rows go to sorted runs in
  // the scratch directory, worked out one invitee at a time at the end (decision 0015).
  const acc = new ReferralAccumulator((week) => weekExists.get(week) === undefined, {
    runSpill: spillDir ? fileRunSpill(spillDir) : undefined,
    inviteesInMemory,
  });
  // No size hint for the duplicate-key tables: it sizes the first week's table for the whole file,
  // which for a file of many weeks is ~50 MB held for nothing; grown by doubling, they cost little.
  let sawReferrals = false;
  const packer = new FactPacker();
  // The duplicate-key tables of the weeks not being read go to files in the import's scratch
  // directory (the main thread makes it and removes it): memory holds about a week's keys.
  const keySpill = spillDir ? fileKeySpill(spillDir) : undefined;
  for await (const b of parseContractFile(fs.createReadStream(file, { highWaterMark: 1 << 20 }), { kind, keySpill })) {
    await credit("batches", BATCHES_IN_FLIGHT);
    const common = {
      type: "batch",
      kind: b.kind,
      headerRaw: b.headerRaw,
      delimiter: b.delimiter,
      rejected: b.rejected,
      errors: b.errors,
      warnings: b.warnings,
      recordsRead: b.recordsRead,
      bytesRead: b.bytesRead,
      valid: b.rows.length,
    };
    if (b.kind === "referrals") {
      sawReferrals = true;
      const { rows, lines } = b;
      for (let i = 0; i < rows.length; i++) acc.add(rows[i], lines[i]);
      const facts = packer.pack(rows);
      // Rollups of the weeks completed so far (in a file in week order) go along, to be written while the next rows are read.
      const rollups = acc.takeRollups();
      const transfer = [facts.measures.buffer as ArrayBuffer, facts.ids.buffer as ArrayBuffer];
      for (const r of rollups) transfer.push(r.values.buffer as ArrayBuffer, r.weekRows.values.buffer as ArrayBuffer);
      port.postMessage({ ...common, facts, rollups }, transfer);
    } else {
      port.postMessage({ ...common, rows: b.rows, lines: b.lines });
    }
  }
  reader.close();
  port.postMessage({ type: "read", referrals: sawReferrals });
  if (sawReferrals) {
    // Part by part: each is copied (strings) or handed over (buffers) as soon as it is made, and
    // the writer starts on it while the next is made.
    // At most a few parts in flight, as for the batches: the writer takes seconds over what the
    // worker packs in a fraction of one, and parts queued unread would hold the packed state whole
    // in the writer's heap (beside the worker's own), growing with the file's invitees.
    for (const part of acc.exportParts({ countFunnel: firstLoad })) {
      await credit("parts", PARTS_IN_FLIGHT);
      port.postMessage({ type: "state", part }, partBuffers(part));
    }
  }
  port.postMessage({ type: "end" });
}

main().catch((error) => {
  if (error instanceof ContractFileError) port.postMessage({ type: "file-error", issues: error.issues });
  else if (error instanceof CsvSyntaxError) port.postMessage({ type: "syntax-error", message: error.message, line: error.line });
  else port.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
});
