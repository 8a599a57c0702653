// scripts/bench/pages — the pages under load, against /healthz in the same run.
//   npx tsx scripts/bench/pages.ts [--data DIR] [--duration 10]
// Loads a scale dataset (2,400 affiliates, 52 weeks, ~1M rows) through the importer into a fresh
// database, starts the built server (npm run build first), signs in as a lead, and runs
// autocannon (10 connections, 10 s each) on /healthz, /portfolio and /affiliates/:uid (the
// largest affiliate). Prints p50/p95/p99, requests/s, errors, and the p95 ratio to /healthz.
// Target: p95 ≤ 100 ms with no errors for both pages.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { openDatabase } from "../../db";
import { createUser } from "../../app/models/users.server";
import { runImport } from "../../app/services/import.server";
import { DEMO_MANAGERS, generateDataset } from "../lib/dataset";

const { values } = parseArgs({ options: { data: { type: "string" }, duration: { type: "string", default: "10" } } });
const duration = Number(values.duration);
if (!fs.existsSync("build/server/index.js")) {
  console.error("bench: run `npm run build` first");
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-pages-"));
const dataDir = values.data ?? path.join(work, "data");
const databaseUrl = `file:${path.join(work, "app.db")}`;
const PASSWORD = "bench-password-123";

// The team, then the data through the importer.
const database = openDatabase(databaseUrl);
for (const m of DEMO_MANAGERS) await createUser(database, { email: m.email, name: m.name, role: "manager", password: PASSWORD });
await createUser(database, { email: "lead@bench.test", name: "Bench Lead", role: "lead", password: PASSWORD });
let files = [path.join(dataDir, "affiliates.csv"), path.join(dataDir, "referrals.csv")];
if (!fs.existsSync(files[1])) {
  process.stderr.write("generating the scale dataset… ");
  files = (await generateDataset({ outDir: dataDir, endWeek: "2026-11-09", profile: "scale", singleFile: true })).files;
  process.stderr.write("done\n");
}
for (const file of files) {
  process.stderr.write(`importing ${path.basename(file)}… `);
  const r = await runImport({ file, databaseUrl });
  process.stderr.write(`${r.status}, ${r.rows.toLocaleString("en-US")} rows\n`);
}
const top = database.sqlite
  .prepare("SELECT affiliate_uid AS uid, count(*) AS n FROM invitees GROUP BY affiliate_uid ORDER BY n DESC LIMIT 1")
  .get() as { uid: string; n: number };
const facts = (database.sqlite.prepare("SELECT coalesce(sum(rows), 0) AS n FROM rollup_affiliate_week").get() as { n: number }).n;
const affiliates = (database.sqlite.prepare("SELECT count(*) AS n FROM affiliates").get() as { n: number }).n;
database.sqlite.close();

const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const p = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(p));
  });
});
const server = spawn(process.execPath, ["server.mjs"], {
  env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, DATA_DIR: work, SESSION_SECRET: "bench-secret-0123456789" },
  stdio: "ignore",
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    // starting
  }
  await new Promise((r) => setTimeout(r, 100));
}
const login = await fetch(`${base}/login`, {
  method: "POST",
  redirect: "manual",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ email: "lead@bench.test", password: PASSWORD }),
});
const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
if (!cookie) throw new Error(`sign-in failed (${login.status})`);

async function measure(pathname: string) {
  const times: number[] = [];
  let errors = 0;
  const instance = autocannon({ url: base + pathname, connections: 10, duration, headers: { cookie } });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    if (status !== 200) errors++;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { path: pathname, requests: times.length, rps: result.requests.average, p50: q(0.5), p95: q(0.95), p99: q(0.99), errors: errors + result.errors + result.timeouts };
}

const results = [];
for (const p of ["/healthz", "/portfolio", `/affiliates/${top.uid}`]) {
  process.stderr.write(`load on ${p}… `);
  results.push(await measure(p));
  process.stderr.write("done\n");
}
server.kill();
const reference = results[0].p95 || 1;
console.log(`dataset: ${affiliates.toLocaleString("en-US")} affiliates, ${facts.toLocaleString("en-US")} activity rows; largest affiliate ${top.uid} with ${top.n.toLocaleString("en-US")} invitees`);
console.log(`autocannon: 10 connections, ${duration} s per page, signed in as a lead`);
for (const r of results) {
  const target = r.path === "/healthz" ? "(reference)" : `target p95 ≤ 100 ms: ${r.p95 <= 100 && r.errors === 0 ? "met" : "NOT met"}`;
  console.log(
    `${r.path.padEnd(22)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ${Math.round(r.rps)} req/s  errors ${r.errors}  p95 ratio to /healthz ${(r.p95 / reference).toFixed(1)}×  ${target}`,
  );
}
fs.rmSync(work, { recursive: true, force: true });
