// Reads and validates a contract file in its own thread, so that the import's writing thread
// does only the writing. Batches go back packed (row-codec); at most a few are in flight.
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { ContractFileError, CsvSyntaxError, parseContractFile, type ImportKind } from "../domain/csv";
import { packRows } from "../domain/row-codec";

const { file, kind } = workerData as { file: string; kind?: ImportKind };
const port = parentPort!;
let credits = 4;
let wake: (() => void) | null = null;
port.on("message", (m) => {
  if (m === "ack") {
    credits++;
    wake?.();
    wake = null;
  }
});

async function main() {
  const expectedRows = Math.ceil(fs.statSync(file).size / 120);
  for await (const b of parseContractFile(fs.createReadStream(file, { highWaterMark: 1 << 20 }), { kind, expectedRows })) {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    const lines = Int32Array.from(b.lines);
    const common = {
      type: "batch",
      kind: b.kind,
      headerRaw: b.headerRaw,
      delimiter: b.delimiter,
      lines,
      rejected: b.rejected,
      errors: b.errors,
      warnings: b.warnings,
      recordsRead: b.recordsRead,
      bytesRead: b.bytesRead,
    };
    if (b.kind === "referrals") {
      const packed = packRows(b.rows);
      port.postMessage({ ...common, packed }, [packed.numbers.buffer as ArrayBuffer, lines.buffer as ArrayBuffer]);
    } else {
      port.postMessage({ ...common, rows: b.rows }, [lines.buffer as ArrayBuffer]);
    }
  }
  port.postMessage({ type: "end" });
}

main().catch((error) => {
  if (error instanceof ContractFileError) port.postMessage({ type: "file-error", issues: error.issues });
  else if (error instanceof CsvSyntaxError) port.postMessage({ type: "syntax-error", message: error.message, line: error.line });
  else port.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
});
