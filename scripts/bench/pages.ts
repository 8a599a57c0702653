// scripts/bench/pages — the pages under load, against /healthz in the same run.
//   npx tsx scripts/bench/pages.ts [--data DIR] [--db FILE] [--duration 10] [--connections 10]
//                                  [--workers N] [--sequential 40] [--cpu-prof DIR] [--only portfolio|affiliates]
// Loads a scale dataset (2,400 affiliates, 52 weeks, ~1M rows) through the importer into a fresh
// database (or reuses `--db FILE` when it exists: it is kept, so later runs skip the import),
// starts the built server (npm run build first; `--workers N` sets WEB_CONCURRENCY, the number
// of server processes), signs in as a lead, then:
//  - sequentially, one request at a time, times each page over a rotating list of URLs (the
//    service time of one request, which concurrency multiplies);
//  - runs autocannon (10 connections, 10 s each) on /healthz, /portfolio and /affiliates/:uid.
// The pages rotate over many URLs so that no single cached answer can stand for them:
// /affiliates/:uid over the 200 affiliates with the most invitees (different periods and tabs),
// /portfolio over sorts, pages, filters, scopes and periods, every fifth request a new search.
// Prints p50/p95/p99, requests/s, errors, and the p95 ratio to /healthz. The sequential pass
// also times first views of 360 pages (an affiliate's own figures not yet computed).
// Target: p95 ≤ 100 ms with no errors for both pages.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { openDatabase } from "../../db";
import { createUser } from "../../app/models/users.server";
import { runImport } from "../../app/services/import.server";
import { DEMO_MANAGERS, generateDataset } from "../lib/dataset";

/** A URL, or a function making a new one for each request. */
type Path = string | (() => string);

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    db: { type: "string" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    workers: { type: "string" },
    sequential: { type: "string", default: "40" },
    "cpu-prof": { type: "string" },
    only: { type: "string" },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const sequentialCount = Number(values.sequential);
if (!fs.existsSync("build/server/index.js")) {
  console.error("bench: run `npm run build` first");
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-pages-"));
const dataDir = values.data ?? path.join(work, "data");
const dbFile = values.db ? path.resolve(values.db) : path.join(work, "app.db");
const databaseUrl = `file:${dbFile}`;
const PASSWORD = "bench-password-123";

// The team, then the data through the importer (unless the kept database already has them).
const fresh = !fs.existsSync(dbFile);
const database = openDatabase(databaseUrl);
if (fresh) {
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
} else {
  process.stderr.write(`reusing ${dbFile}\n`);
}
const biggest = database.sqlite
  .prepare("SELECT affiliate_uid AS uid, count(*) AS n FROM invitees GROUP BY affiliate_uid ORDER BY n DESC, affiliate_uid LIMIT 200")
  .all() as { uid: string; n: number }[];
const facts = (database.sqlite.prepare("SELECT count(*) AS n FROM activity").get() as { n: number }).n;
const weeks = (database.sqlite.prepare("SELECT count(DISTINCT week_start) AS n FROM activity").get() as { n: number }).n;
const affiliates = (database.sqlite.prepare("SELECT count(*) AS n FROM affiliates").get() as { n: number }).n;
const country = (database.sqlite.prepare("SELECT country FROM affiliates WHERE country IS NOT NULL GROUP BY country ORDER BY count(*) DESC LIMIT 1").get() as { country: string }).country;
database.sqlite.close();

// The URLs each page rotates over.
const PERIODS = ["", "period=4w", "period=26w"];
const affiliatePaths = biggest.map((a, i) => {
  const q = [PERIODS[i % 3], i % 4 === 3 ? "tab=invitees" : ""].filter(Boolean).join("&");
  return `/affiliates/${a.uid}${q ? `?${q}` : ""}`;
});
const portfolioQueries = [
  "",
  "sort=health&dir=asc",
  "sort=name&dir=asc&page=2",
  "sort=traded&page=3",
  "sort=rewards&size=50",
  "sort=lastEngagement&dir=asc",
  "scope=all&maturity=all",
  "scope=all&sort=volumeDelta&dir=asc",
  "band=at_risk",
  `country=${country}`,
  "type=kol&scope=all",
  "period=4w",
  "period=26w&sort=breadth",
  "page=4&size=25",
  "q=crypto&scope=all",
  "maturity=new&scope=all",
];
// Every fifth portfolio request is a search never made before: a view the server has not kept
// (views are kept per user until the data or the work changes), so misses are measured with hits.
// Three digits of a uid: ~20 matching affiliates of 2,400; the 1,000 searches cycle past the 200 views kept.
let searches = 0;
const freshSearch = () => `/portfolio?scope=all&maturity=all&q=${String((searches++ * 7919) % 1000).padStart(3, "0")}`;
const portfolioPaths: Path[] = portfolioQueries.flatMap((q, i) => [`/portfolio${q ? `?${q}` : ""}`, ...(i % 4 === 3 ? [freshSearch] : [])]);

const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const p = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(p));
  });
});
// With --cpu-prof, SIGINT must end the process through exit() for the profile to be written.
const nodeArgs = values["cpu-prof"]
  ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["cpu-prof"])}`, "--import", 'data:text/javascript,process.on("SIGINT", () => process.exit(0))']
  : [];
const server = spawn(process.execPath, [...nodeArgs, "server.mjs"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    DATA_DIR: work,
    SESSION_SECRET: "bench-secret-0123456789",
    ...(values.workers ? { WEB_CONCURRENCY: values.workers } : {}),
  },
  stdio: ["ignore", "ignore", "inherit"],
});
const base = `http://127.0.0.1:${port}`;
const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(" ");
for (let i = 0; i < 200; i++) {
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

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
/** The i-th URL of a rotation (an entry may make a new URL each time). */
const resolvePath = (p: Path) => (typeof p === "string" ? p : p());
const pathAt = (paths: Path[], i: number) => resolvePath(paths[i % paths.length]);

/** One request at a time: the service time of a page, with the body read to the end. */
async function sequential(paths: Path[], count: number) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const url = pathAt(paths, i);
    const t = performance.now();
    const res = await fetch(base + url, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function measure(name: string, paths: Path[]) {
  const times: number[] = [];
  let non200 = 0;
  let next = 0;
  const instance = autocannon({
    url: base,
    connections,
    duration,
    headers: { cookie },
    requests: [{ method: "GET", setupRequest: (req: Record<string, unknown>) => ({ ...req, path: pathAt(paths, next++) }) }],
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    if (status !== 200) non200++;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return { name, urls: paths.length, requests: times.length, rps: result.requests.average, p50: quantile(times, 0.5), p95: quantile(times, 0.95), p99: quantile(times, 0.99), errors: non200 + result.errors + result.timeouts };
}

const pages = (
  [
    ["/healthz", ["/healthz"]],
    ["/portfolio", portfolioPaths],
    ["/affiliates/:uid", affiliatePaths],
  ] as [string, Path[]][]
).filter(([name]) => name === "/healthz" || !values.only || name.includes(values.only));
/** A request on a new connection: with several server processes, each lands on the next one. */
function getFresh(pathname: string) {
  return new Promise<number>((resolve, reject) => {
    const req = http.get(base + pathname, { agent: false, headers: { cookie } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
  });
}
// Warm-up, in every server process: the portfolio's URLs and one 360 URL per period (the first
// view of a period computes every affiliate's figures for it; later views read them).
const processes = Number(values.workers ?? os.availableParallelism());
for (const p of [...portfolioPaths, ...affiliatePaths.slice(0, 3)]) for (let i = 0; i < processes * 2; i++) await getFresh(resolvePath(p));
const serial = [];
// First views of 360 pages (the affiliate's own figures not computed yet), then the same again.
const coldPaths = affiliatePaths.slice(3, 3 + Math.max(sequentialCount, 1));
const withAffiliates = pages.some(([name]) => name.startsWith("/affiliates"));
const cold = withAffiliates ? await sequential(coldPaths, coldPaths.length) : null;
for (const [name, paths] of pages) serial.push({ name, ...(await sequential(paths, Math.max(sequentialCount, 1))) });
if (cold) serial.push({ name: "/affiliates/:uid first view", ...cold });
const results = [];
for (const [name, paths] of duration > 0 ? pages : []) {
  process.stderr.write(`load on ${name}… `);
  results.push(await measure(name, paths));
  process.stderr.write("done\n");
}
server.kill("SIGINT");
await new Promise((r) => server.once("exit", r));
const reference = results[0]?.p95 || 1;
console.log(
  `dataset: ${affiliates.toLocaleString("en-US")} affiliates, ${weeks} weeks, ${facts.toLocaleString("en-US")} activity rows; largest affiliate ${biggest[0].uid} with ${biggest[0].n.toLocaleString("en-US")} invitees`,
);
console.log(`server: ${processes} process(es) on ${os.cpus().length} cores; load average before ${loadBefore}, after ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`sequential (one request at a time, ${sequentialCount} per page, rotating URLs):`);
for (const s of serial) console.log(`  ${s.name.padEnd(28)} p50 ${s.p50.toFixed(1).padStart(6)} ms  p95 ${s.p95.toFixed(1).padStart(6)} ms`);
console.log(`autocannon: ${connections} connections, ${duration} s per page, signed in as a lead:`);
for (const r of results) {
  const target = r.name === "/healthz" ? "(reference)" : `target p95 ≤ 100 ms: ${r.p95 <= 100 && r.errors === 0 ? "met" : "NOT met"}`;
  console.log(
    `  ${r.name.padEnd(18)} ${String(r.urls).padStart(3)} URLs  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ${Math.round(r.rps)} req/s  errors ${r.errors}  p95 ratio to /healthz ${(r.p95 / reference).toFixed(1)}×  ${target}`,
  );
}
fs.rmSync(work, { recursive: true, force: true });
