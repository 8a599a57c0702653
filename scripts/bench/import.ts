// scripts/bench/import — the import's speed and memory against the sqlite3 shell, in one run.
//   npx tsx scripts/bench/import.ts [--rows 1000000] [--data DIR] [--tsx] [--runs N]
// Generates a referral file in the contract's format (the scale profile), then times, on the same
// file: (1) the sqlite3 shell's `.import --csv` into a table with UNIQUE(week_start, invitee_uid)
// — the reference; (2) `runImport` into an empty database, all validation, upserts and rollups
// included; (3) a `--force` re-import of the same file. Prints rows/s, the ratios to the
// reference (target ≤ 1.5×) and the import's peak memory (target ≤ 400 MB). On a busy machine
// the wall-clock ratios drift with the load: the CPU times (the shell's, and the import's over
// all of its threads) are printed beside them; `--runs N` repeats the three, one after the other,
// and prints the median of the N ratios (each import against the reference run just before it:
// on a shared VM one run's ratio moves by ±0.1). The import runs bundled, as the web app runs it
// (build/server/*-worker.js); with --tsx it runs from the TypeScript sources through tsx, as
// `npm run import` does, whose loader costs ~100 MB and ~1.5 s of CPU more.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { median } from "../../app/domain/affiliate-360";
import { generateDataset } from "../lib/dataset";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, data: { type: "string" }, tsx: { type: "boolean", default: false }, runs: { type: "string", default: "1" } },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("bench: --runs takes a whole number from 1");
  process.exit(2);
}
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
// The header from the file's first bytes (a file past 512 MB cannot be read into one string).
const head = Buffer.alloc(4096);
const fd = fs.openSync(file, "r");
const headBytes = fs.readSync(fd, head, 0, head.length, 0);
fs.closeSync(fd);
const columns = head.subarray(0, headBytes).toString("utf8").split("\n")[0];
const refSql = `CREATE TABLE t (${columns}, UNIQUE (week_start, invitee_uid));\n.import --csv --skip 1 '${file}' t\n`;
const shell = sqlite3();
const seconds = (s: string) => {
  const m = /(\d+)m([\d.]+)s/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};
/** One run of the reference into a new file: its wall time and the sqlite3 process's CPU time. */
function reference(): { ms: number; cpuMs: number } {
  fs.rmSync(refDb, { force: true });
  const t = performance.now();
  // `times` prints the CPU time of the shell's children (the sqlite3 process) on its second line.
  const ref = spawnSync("bash", ["-c", `${shell} '${refDb}' && times`], { input: refSql, encoding: "utf8" });
  const ms = performance.now() - t;
  if (ref.status !== 0) throw new Error(`sqlite3 failed: ${ref.stderr}`);
  const childTimes = ref.stdout.trim().split("\n").pop()!.split(/\s+/);
  return { ms, cpuMs: (seconds(childTimes[0]) + seconds(childTimes[1])) * 1000 };
}

// (2) The import into an empty database (the roster first, as every week), in its own process:
// bundled like the server build (the worker threads next to it), inside the project so that its
// packages resolve.
let entry = ["--import", "tsx", "scripts/bench/import-child.ts"];
if (!values.tsx) {
  const outdir = path.resolve(".cache/bench-import");
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, "package.json"), '{ "type": "module" }\n');
  const { bundleWorkers } = await import("../build-worker.mjs");
  await bundleWorkers(outdir, { "import-child": "scripts/bench/import-child.ts" });
  entry = [path.join(outdir, "import-child.js")];
}
type ChildResult = { status: string; rows: number; inserted: number; updated: number; unchanged: number; wallMs: number; cpuMs: number; maxRssMb: number; timings: Record<string, number>; cpuTimings: Record<string, number> };
const child = (db: string, args: string[]) => {
  const env = { ...process.env, DATABASE_URL: `file:${db}`, DATA_DIR: work };
  const out = execFileSync(process.execPath, [...entry, ...args], { env, encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(out.trim().split("\n").pop()!) as ChildResult;
};

const ratioOf = (ms: number, refMs: number) => (ms / refMs).toFixed(2);
const cpu = (ms: number, refCpuMs: number) => `CPU ${(ms / 1000).toFixed(2)} s (${(ms / refCpuMs).toFixed(2)}×)`;
console.log(`file                 ${lines.toLocaleString("en-US")} rows, ${(size / 1e6).toFixed(0)} MB   (import ${values.tsx ? "through tsx" : "bundled"}, load ${os.loadavg()[0].toFixed(1)})`);
// Each run: the reference, then the import into a new database, then the --force re-import of the
// same file into it (nothing may change), one after the other so that each ratio compares runs
// made under the same conditions of the machine.
const firstRatios: number[] = [];
const forceRatios: number[] = [];
const peaks: number[] = [];
let countsWrong = false;
for (let run = 1; run <= runs; run++) {
  const ref = reference();
  const db = path.join(work, `app-${run}.db`);
  child(db, [roster]);
  const first = child(db, [file]);
  const again = child(db, [file, "force"]);
  firstRatios.push(first.wallMs / ref.ms);
  forceRatios.push(again.wallMs / ref.ms);
  peaks.push(first.maxRssMb, again.maxRssMb);
  if (runs > 1) console.log(`run ${run} of ${runs}`);
  console.log(`sqlite3 .import      ${(ref.ms / 1000).toFixed(2)} s   (reference)   CPU ${(ref.cpuMs / 1000).toFixed(2)} s`);
  console.log(
    `import (empty db)    ${(first.wallMs / 1000).toFixed(2)} s   ${Math.round(first.rows / (first.wallMs / 1000)).toLocaleString("en-US")} rows/s   ratio ${ratioOf(first.wallMs, ref.ms)}× (target ≤ 1.5×)   peak ${first.maxRssMb} MB (target ≤ 400 MB)   ${cpu(first.cpuMs, ref.cpuMs)}`,
  );
  console.log(`  phases (ms)        ${JSON.stringify(first.timings)}`);
  console.log(`  phases (CPU ms)    ${JSON.stringify(first.cpuTimings)}`);
  console.log(
    `import --force       ${(again.wallMs / 1000).toFixed(2)} s   ratio ${ratioOf(again.wallMs, ref.ms)}× (target ≤ 1.5×)   peak ${again.maxRssMb} MB   ${cpu(again.cpuMs, ref.cpuMs)}   inserted ${again.inserted} updated ${again.updated} unchanged ${again.unchanged}`,
  );
  if (first.status !== "imported" || first.inserted !== lines || again.inserted !== 0 || again.updated !== 0) countsWrong = true;
  for (const f of fs.readdirSync(work)) if (f.startsWith(`app-${run}.db`)) fs.rmSync(path.join(work, f), { force: true });
}
if (runs > 1) {
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(", ");
  console.log(
    `median of ${runs} runs   first import ${median(firstRatios)!.toFixed(2)}× (${list(firstRatios)})   --force ${median(forceRatios)!.toFixed(2)}× (${list(forceRatios)})   peak ≤ ${Math.max(...peaks)} MB`,
  );
}
if (countsWrong) {
  console.error("bench: the counts are wrong");
  process.exitCode = 1;
}
fs.rmSync(work, { recursive: true, force: true });
