// scripts/bench/import — the import's speed and memory against the sqlite3 shell, in one run.
//   npx tsx scripts/bench/import.ts [--rows 1000000] [--data DIR]
// Generates a referral file in the contract's format (the scale profile), then times, on the same
// file: (1) the sqlite3 shell's `.import --csv` into a table with UNIQUE(week_start, invitee_uid)
// — the reference; (2) `runImport` into an empty database, all validation, upserts and rollups
// included; (3) a `--force` re-import of the same file. Prints rows/s, the ratios to the
// reference (target ≤ 1.5×) and the import's peak memory (target ≤ 400 MB).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateDataset } from "../lib/dataset";

const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, data: { type: "string" } } });
const rows = Number(values.rows);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-import-"));
const dataDir = values.data ?? path.join(work, "data");

function sqlite3(): string {
  try {
    execFileSync("sqlite3", ["-version"], { stdio: "ignore" });
    return "sqlite3";
  } catch {
    console.error("bench: the sqlite3 shell is missing (apt-get install -y sqlite3)");
    process.exit(2);
  }
}

let file = path.join(dataDir, "referrals.csv");
let roster = path.join(dataDir, "affiliates.csv");
if (!fs.existsSync(file)) {
  process.stderr.write(`generating ${rows.toLocaleString("en-US")} rows… `);
  const summary = await generateDataset({ outDir: dataDir, endWeek: "2026-11-09", profile: "scale", rows, singleFile: true });
  [roster, file] = summary.files;
  process.stderr.write("done\n");
}
const size = fs.statSync(file).size;
const lines = Number(execFileSync("wc", ["-l", file]).toString().trim().split(/\s+/)[0]) - 1;

// (1) The reference: the sqlite3 shell's CSV import into a table with the natural key as a unique index.
const refDb = path.join(work, "reference.db");
const columns = fs.readFileSync(file, "utf8").slice(0, 2000).split("\n")[0];
const refSql = `CREATE TABLE t (${columns}, UNIQUE (week_start, invitee_uid));\n.import --csv --skip 1 '${file}' t\n`;
const t = performance.now();
const ref = spawnSync(sqlite3(), [refDb], { input: refSql, encoding: "utf8" });
const refMs = performance.now() - t;
if (ref.status !== 0) throw new Error(`sqlite3 failed: ${ref.stderr}`);

// (2) The import into an empty database (the roster first, as every week), in its own process.
const env = { ...process.env, DATABASE_URL: `file:${path.join(work, "app.db")}`, DATA_DIR: work };
const child = (args: string[]) => {
  const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/bench/import-child.ts", ...args], { env, encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(out.trim().split("\n").pop()!) as { status: string; rows: number; inserted: number; updated: number; unchanged: number; wallMs: number; maxRssMb: number; timings: Record<string, number> };
};
child([roster]);
const first = child([file]);
// (3) --force re-import of the same file: nothing may change.
const again = child([file, "force"]);

const ratio = (ms: number) => (ms / refMs).toFixed(2);
console.log(`file                 ${lines.toLocaleString("en-US")} rows, ${(size / 1e6).toFixed(0)} MB`);
console.log(`sqlite3 .import      ${(refMs / 1000).toFixed(2)} s   (reference)`);
console.log(
  `import (empty db)    ${(first.wallMs / 1000).toFixed(2)} s   ${Math.round(first.rows / (first.wallMs / 1000)).toLocaleString("en-US")} rows/s   ratio ${ratio(first.wallMs)}× (target ≤ 1.5×)   peak ${first.maxRssMb} MB (target ≤ 400 MB)`,
);
console.log(`  phases (ms)        ${JSON.stringify(first.timings)}`);
console.log(
  `import --force       ${(again.wallMs / 1000).toFixed(2)} s   ratio ${ratio(again.wallMs)}× (target ≤ 1.5×)   peak ${again.maxRssMb} MB   inserted ${again.inserted} updated ${again.updated} unchanged ${again.unchanged}`,
);
if (first.status !== "imported" || first.inserted !== lines || again.inserted !== 0 || again.updated !== 0) {
  console.error("bench: the counts are wrong");
  process.exitCode = 1;
}
fs.rmSync(work, { recursive: true, force: true });
