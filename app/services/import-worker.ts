// The import, in a worker thread: off the request path, reporting progress to the server.
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db";
import { updateImportRecord } from "../models/imports.server";
import { runImport, type ImportOptions } from "./import.server";

const opts = workerData as Omit<ImportOptions, "onProgress">;
let last = 0;

async function main() {
  const result = await runImport({
    ...opts,
    onProgress: (p) => {
      const now = Date.now();
      if (now - last > 100 || p.phase !== "reading") {
        last = now;
        parentPort!.postMessage({ type: "progress", progress: p });
      }
    },
  });
  // Once applied (or refused), the upload is no longer needed; its hash stays in the history.
  if (!opts.dryRun && opts.importId) {
    fs.rmSync(opts.file, { force: true });
    const database = openDatabase(opts.databaseUrl);
    updateImportRecord(database, opts.importId, { filePath: null });
    database.sqlite.close();
  }
  return result;
}

main().then(
  // The job keeps only the outcome; the report is on the import's history record.
  (result) => parentPort!.postMessage({ type: "done", result: { status: result.status } }),
  (error) => parentPort!.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) }),
);
