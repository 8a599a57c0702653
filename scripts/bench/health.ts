// scripts/bench/health — recomputing every health score against a plain read of the same rollups.
//   npx tsx scripts/bench/health.ts [--data DIR]
// Loads the scale dataset (2,400 affiliates, 52 weeks, ~1M rows) through the importer into a fresh
// database, then scores every affiliate for each of the last 26 weeks (2,400 × 26 scores, written
// as weekly snapshots) and times it against reading the rollup rows those scores come from.
// Target: ≤ 2 s.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../../db";
import { addWeeks } from "../../app/domain/weeks";
import { getHealthSettings, writeHealthSnapshots } from "../../app/models/health.server";
import { latestImportedWeek } from "../../app/models/imports.server";
import { computeHealthHistory } from "../../app/services/health.server";
import { runImport } from "../../app/services/import.server";
import { generateDataset } from "../lib/dataset";

const { values } = parseArgs({ options: { data: { type: "string" } } });
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-health-"));
const dataDir = values.data ?? path.join(work, "data");
const databaseUrl = `file:${path.join(work, "app.db")}`;
let files = [path.join(dataDir, "affiliates.csv"), path.join(dataDir, "referrals.csv")];
if (!fs.existsSync(files[1])) files = (await generateDataset({ outDir: dataDir, endWeek: "2026-11-09", profile: "scale", singleFile: true })).files;
for (const file of files) await runImport({ file, databaseUrl });

const database = openDatabase(databaseUrl);
const last = latestImportedWeek(database)!;
const weeks = Array.from({ length: 26 }, (_, i) => addWeeks(last, i - 25));
const settings = getHealthSettings(database);
const now = Date.parse(`${addWeeks(last, 1)}T12:00:00Z`);

// The reference: a plain read of the rollup rows the 26 weeks' scores are computed from (12 weeks each).
let t = performance.now();
let rows = 0;
const read = database.sqlite.prepare("SELECT * FROM rollup_affiliate_week WHERE week_start BETWEEN ? AND ?");
const funnel = database.sqlite.prepare("SELECT * FROM rollup_funnel_week WHERE week_start BETWEEN ? AND ?");
for (const w of weeks) rows += read.all(addWeeks(w, -11), w).length + funnel.all(addWeeks(w, -11), w).length;
const readMs = performance.now() - t;

t = performance.now();
const cpu = process.cpuUsage();
let scores = 0;
let writeMs = 0;
// Each week is written as it is scored (as recomputeHealth does), so one week's scores are held at a time.
for (const [w, s] of computeHealthHistory(database, weeks, settings)) {
  const w0 = performance.now();
  writeHealthSnapshots(database, w, s, now);
  writeMs += performance.now() - w0;
  scores += s.length;
}
const ms = performance.now() - t;
const computeMs = ms - writeMs;
const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));
console.log(`plain read of the rollups  ${(readMs / 1000).toFixed(2)} s  (${rows.toLocaleString("en-US")} rows)`);
console.log(`recompute ${scores.toLocaleString("en-US")} scores (${scores / 26} affiliates × 26 weeks), snapshots written  ${(ms / 1000).toFixed(2)} s  ratio ${(ms / readMs).toFixed(1)}×  target ≤ 2 s: ${ms <= 2000 ? "met" : "NOT met"}`);
console.log(`  CPU time ${(cpuMs / 1000).toFixed(2)} s (wall time is inflated when other work shares the cores; load average ${os.loadavg()[0].toFixed(1)})`);
console.log(`  of which scoring ${(computeMs / 1000).toFixed(2)} s, writing the snapshots ${((ms - computeMs) / 1000).toFixed(2)} s`);
database.sqlite.close();
fs.rmSync(work, { recursive: true, force: true });
