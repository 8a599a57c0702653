// npm run import -- FILE [--kind referrals|affiliates] [--skip-invalid] [--dry-run] [--force] [--json]
// npm run import -- --rollback IMPORT_ID [--json]
// npm run import -- --list
// Exit 0: imported, duplicate or a clean dry run; 1: the file was rejected (nothing written) or a
// rollback refused; 2: usage or I/O errors.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { openDatabase } from "../db";
import { formatInstant } from "../app/domain/format";
import { listImports, LockedError } from "../app/models/imports.server";
import { rollbackImport, RollbackRefused, runImport, type ImportResult } from "../app/services/import.server";
import { progressBar } from "./lib/progress";

const USAGE = `usage:
  npm run import -- FILE [--kind referrals|affiliates] [--skip-invalid] [--dry-run] [--force] [--json]
  npm run import -- --rollback IMPORT_ID [--json]
  npm run import -- --list`;

function usage(message: string): never {
  console.error(`import: ${message}\n${USAGE}`);
  process.exit(2);
}

function describeIssue(i: { line: number; column: string | null; value: string | null; message: string }) {
  return `  ${i.line ? `line ${i.line}` : "the import"}${i.column ? `, ${i.column}` : ""}${i.value != null && i.value !== "" ? ` (${JSON.stringify(i.value)})` : ""}: ${i.message}`;
}

function summary(r: ImportResult): string {
  const lines: string[] = [];
  const head =
    r.status === "imported"
      ? `Imported ${r.fileName} as import #${r.importId} (${r.kind})`
      : r.status === "duplicate"
        ? `${r.fileName} was already imported as import #${r.duplicateOf}: nothing changed (use --force to apply it again)`
        : r.status === "dry-run"
          ? `Dry run of ${r.fileName} (${r.kind}): nothing was written`
          : `Rejected ${r.fileName}: nothing was written`;
  lines.push(head);
  lines.push(`  rows ${r.rows} · inserted ${r.inserted} · updated ${r.updated} · unchanged ${r.unchanged} · rejected ${r.rejected}`);
  if (r.weeks.length) lines.push(`  weeks ${r.weeks[0]} … ${r.weeks[r.weeks.length - 1]} (${r.weeks.length})`);
  if (r.newAffiliates.length) lines.push(`  new affiliates (unassigned): ${r.newAffiliates.slice(0, 10).join(", ")}${r.newAffiliates.length > 10 ? ` and ${r.newAffiliates.length - 10} more` : ""}`);
  if (r.rebindings) lines.push(`  re-bindings: ${r.rebindings}`);
  if (r.errorCount) {
    lines.push(`  ${r.errorCount} error(s)${r.errorCount > r.errors.length ? ` (the first ${r.errors.length} below)` : ""}:`);
    for (const e of r.errors.slice(0, 50)) lines.push(describeIssue(e));
    if (r.errors.length > 50) lines.push(`  … ${r.errorCount - 50} more (use --json for the first ${r.errors.length})`);
  }
  if (r.warningCount) {
    lines.push(`  ${r.warningCount} warning(s):`);
    for (const w of r.warnings.slice(0, 10)) lines.push(describeIssue(w));
    if (r.warningCount > 10) lines.push(`  … ${r.warningCount - 10} more`);
  }
  if (r.rejectedPath) lines.push(`  rejected rows kept in ${r.rejectedPath}`);
  lines.push(`  took ${(r.durationMs / 1000).toFixed(2)} s${process.env.IMPORT_TIMINGS ? ` ${JSON.stringify(r.timings)}` : ""}`);
  return lines.join("\n");
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        kind: { type: "string" },
        "skip-invalid": { type: "boolean" },
        "dry-run": { type: "boolean" },
        force: { type: "boolean" },
        json: { type: "boolean" },
        rollback: { type: "string" },
        list: { type: "boolean" },
      },
    });
  } catch (error) {
    usage((error as Error).message);
  }
  const { values, positionals } = parsed;

  if (values.list) {
    const database = openDatabase();
    const rows = listImports(database, { limit: 200 });
    if (values.json) console.log(JSON.stringify(rows));
    else if (rows.length === 0) console.log("No imports yet.");
    else {
      console.log("id    status       kind        rows      ins      upd    unch   rej  weeks                    when                     file");
      for (const r of rows) {
        const weeks = r.weeks?.length ? `${r.weeks[0]}…${r.weeks[r.weeks.length - 1]}` : "";
        console.log(
          `${String(r.id).padEnd(5)} ${r.status.padEnd(12)} ${r.kind.padEnd(10)} ${String(r.rows).padStart(7)} ${String(r.inserted).padStart(8)} ${String(r.updated).padStart(6)} ${String(r.unchanged).padStart(7)} ${String(r.rejected).padStart(5)}  ${weeks.padEnd(23)}  ${formatInstant(r.createdAt).padEnd(23)}  ${r.fileName}`,
        );
      }
    }
    return 0;
  }

  if (values.rollback !== undefined) {
    const id = Number(values.rollback);
    if (!Number.isInteger(id) || id <= 0) usage("--rollback takes an import id (a positive whole number)");
    const database = openDatabase();
    try {
      const done = rollbackImport(database, id, null);
      if (values.json) console.log(JSON.stringify({ status: "rolled_back", ...done }));
      else console.log(`Rolled back import #${id}: weeks ${done.weeks.join(", ") || "none"}, ${done.affiliates} affiliate(s) refreshed.`);
      return 0;
    } catch (error) {
      if (error instanceof RollbackRefused || error instanceof LockedError) {
        if (values.json) console.log(JSON.stringify({ status: "refused", importId: id, message: error.message, laterImportId: (error as RollbackRefused).laterImportId ?? null }));
        else console.error(`Rollback refused: ${error.message}`);
        return 1;
      }
      throw error;
    }
  }

  if (positionals.length !== 1) usage(positionals.length ? "one file at a time" : "which file?");
  const file = positionals[0];
  if (values.kind !== undefined && values.kind !== "referrals" && values.kind !== "affiliates") usage("--kind is referrals or affiliates");
  try {
    if (!fs.statSync(file).isFile()) usage(`${file} is not a file`);
  } catch {
    console.error(`import: cannot read ${file}`);
    return 2;
  }
  const bar = progressBar("import");
  let result: ImportResult;
  try {
    result = await runImport({
      file,
      kind: values.kind as "referrals" | "affiliates" | undefined,
      skipInvalid: values["skip-invalid"],
      dryRun: values["dry-run"],
      force: values.force,
      onProgress: (p) => bar.update(p.phase === "hashing" ? 0 : p.bytesRead, p.totalBytes, `${p.rows.toLocaleString("en-US")} rows`),
    });
  } catch (error) {
    bar.done();
    if (error instanceof LockedError) {
      console.error(`import: ${error.message}`);
      return 1;
    }
    throw error;
  }
  bar.done();
  if (values.json) {
    const { status, importId, kind, rows, inserted, updated, unchanged, rejected, weeks, errors, warnings } = result;
    console.log(JSON.stringify({ status, importId, kind, rows, inserted, updated, unchanged, rejected, weeks, errors, warnings, errorCount: result.errorCount, warningCount: result.warningCount, newAffiliates: result.newAffiliates, rebindings: result.rebindings, duplicateOf: result.duplicateOf ?? null, rejectedPath: result.rejectedPath ?? null }));
  } else {
    (result.status === "rejected" ? console.error : console.log)(summary(result));
  }
  return result.status === "rejected" ? 1 : 0;
}

/**
 * Exits once standard output is written out: into a pipe, an exit straight after a long --json
 * answer (or --list) would cut it at the pipe's 64 KiB.
 */
const exit = (code: number) => process.stdout.write("", () => process.exit(code));

main().then(exit, (error) => {
  console.error(`import: ${error instanceof Error ? error.message : String(error)}`);
  exit(2);
});
