/**
 * Throughput of the CSV contract module on a generated referral file.
 *
 *   npx tsx scripts/bench/csv-parse.ts [rows=1000000]
 *
 * Writes 1M referral rows (21 columns, ~122 MB; 60% of amounts 0, 1% of amounts written
 * "1,234.50" so ~8% of rows hold quotes; invitee uids scattered) to a temp file, then times, on
 * that file streamed from disk in 1 MiB chunks (best of 3, wall and CPU):
 *   - reference:            uDSV streaming parse to string arrays (fastest measured, ARCHITECTURE.md)
 *   - read: records+cells   readCsvRecords: records, physical lines, cell offsets
 *   - read: records only    readCsvRecords with splitCells: false (what parseContractFile uses)
 *   - read+validate (all)   parseContractFile: read, header, typed rows, duplicate keys
 * and prints rows/s, MB/s and the ratio to the reference. BENCH_KEEP=path keeps the file.
 */
import { createReadStream, createWriteStream, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { initParser, inferSchema, type Parser } from "udsv";
import { CsvRecordReader, parseContractFile, readCsvRecords } from "~/domain/csv";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const file = process.env.BENCH_FILE ?? process.env.BENCH_KEEP ?? join(tmpdir(), `affiliate-desk-bench-referrals-${process.pid}.csv`);

const HEADER =
  "week_start,affiliate_uid,invitee_uid,registered_at,referral_code,verified_at,first_deposit_at,first_trade_at," +
  "country,vip_level,commission_type,rebate_rate,spot_volume_usd,futures_volume_usd,options_volume_usd," +
  "fiat_volume_usd,earn_balance_usd,web3_wallet_active,spot_commission_usd,futures_commission_usd,fees_usd";

async function generate(): Promise<void> {
  const out = createWriteStream(file);
  const countries = ["US", "BR", "VN", "NG", "TR", "IN", "ID", "PH", "DE", "FR", "AR", "UA"];
  let seed = 42;
  const rnd = () => {
    // xorshift32: deterministic, uniform enough for test data
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  // Most invitees are inactive in most products: 60% of amounts are 0; 1% are written
  // "1,234.50" (quoted, so those rows take the reader's quoted path).
  const money = () => {
    const r = rnd();
    if (r < 0.6) return "0";
    if (r < 0.61) return `"${Math.floor(rnd() * 9 + 1)},${String(Math.floor(rnd() * 1000)).padStart(3, "0")}.50"`;
    return (rnd() * 2000).toFixed(2);
  };
  const date = (y: number, m: number) => `${y}-${String(m).padStart(2, "0")}-${String(Math.floor(rnd() * 28) + 1).padStart(2, "0")}`;
  // Distinct invitee uids, scattered over 9–10 digits (not in file order): i × a large odd
  // number modulo 2^32 is a permutation.
  const invitee = (i: number) => String(100_000_000 + (Math.imul(i, 0x9e3779b1) >>> 0));
  let chunk = HEADER + "\n";
  for (let i = 0; i < ROWS; i++) {
    const row = [
      "2026-03-02",
      String(10_000_000 + Math.floor(rnd() * 5000)),
      invitee(i),
      date(2025, Math.floor(rnd() * 12) + 1),
      rnd() < 0.5 ? "REF" + Math.floor(rnd() * 99999) : "",
      rnd() < 0.7 ? date(2026, 1) : "",
      rnd() < 0.5 ? date(2026, 2) : "",
      rnd() < 0.4 ? "2026-02-27T10:15:00Z" : "",
      countries[i % countries.length],
      String(i % 10),
      i % 3 ? "spot" : "futures",
      i % 2 ? "0.2" : "12.5%",
      money(),
      money(),
      money(),
      money(),
      money(),
      i % 4 ? "0" : "yes",
      money(),
      money(),
      money(),
    ];
    chunk += row.join(",") + "\n";
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

const stream = () => createReadStream(file, { highWaterMark: 1 << 20 });

async function reference(): Promise<number> {
  let parser: Parser | null = null;
  let rows = 0;
  const count = () => {
    rows++;
  };
  for await (const buf of stream()) {
    const s = (buf as Buffer).toString();
    if (parser === null) parser = initParser(inferSchema(s));
    parser.chunk<string[]>(s, parser.stringArrs, count);
  }
  rows += parser?.end<string[]>().length ?? 0;
  return rows - 1; // header
}

/** Records with their cells split (what a generic consumer of readCsvRecords gets). */
async function readCells(): Promise<number> {
  let records = 0;
  for await (const batch of readCsvRecords(stream(), new CsvRecordReader({ reuseBuffers: true }))) records += batch.count;
  return records - 1;
}

/** Record boundaries only (what parseContractFile asks of the reader). */
async function readRecords(): Promise<number> {
  let records = 0;
  for await (const batch of readCsvRecords(stream(), new CsvRecordReader({ reuseBuffers: true, splitCells: false }))) {
    records += batch.count;
  }
  return records - 1;
}

async function validate(): Promise<number> {
  let rows = 0;
  let errors = 0;
  // The importer knows the file size: ~120 bytes a row sizes the duplicate-key index once.
  const expectedRows = Math.ceil(statSync(file).size / 120);
  for await (const batch of parseContractFile(stream(), { kind: "referrals", expectedRows })) {
    rows += batch.rows.length;
    errors += batch.errors.length;
  }
  if (errors > 0) throw new Error(`${errors} unexpected errors`);
  return rows;
}

const modes: Record<string, { label: string; run: () => Promise<number> }> = {
  reference: { label: "reference: uDSV", run: reference },
  cells: { label: "read: records+cells", run: readCells },
  records: { label: "read: records only", run: readRecords },
  validate: { label: "read+validate (all)", run: validate },
};

/** In a child process: best of 3 runs of one mode (the first also warms the JIT and page cache). */
async function measure(mode: string): Promise<void> {
  let best = Infinity;
  let cpu = 0;
  let count = 0;
  for (let run = 0; run < 3; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    count = await modes[mode].run();
    const t = (performance.now() - t0) / 1000;
    if (t < best) {
      best = t;
      const c = process.cpuUsage(c0);
      cpu = (c.user + c.system) / 1e6;
    }
  }
  const m = process.memoryUsage();
  console.log(JSON.stringify({ best, cpu, count, rss: m.rss }));
}

if (process.env.BENCH_MODE) {
  await measure(process.env.BENCH_MODE);
} else {
  const t0 = performance.now();
  await generate();
  const size = statSync(file).size;
  console.log(
    `${ROWS} referral rows, ${(size / 1e6).toFixed(1)} MB (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s), ` +
      `node ${process.version}; each line: a fresh process, best of 3`,
  );
  try {
    let ref = 0;
    for (const [mode, { label }] of Object.entries(modes)) {
      // A fresh process per mode: the JIT and the heap see only what the importer's worker would.
      const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
        env: { ...process.env, BENCH_MODE: mode, BENCH_FILE: file },
        encoding: "utf8",
      });
      const { best, cpu, count, rss } = JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, number>;
      if (mode === "reference") ref = best;
      console.log(
        `${label.padEnd(22)} ${best.toFixed(3)} s (cpu ${cpu.toFixed(3)} s)  ${(count / best / 1e6).toFixed(2)} M rows/s  ` +
          `${(size / best / 1e6).toFixed(0)} MB/s  rss ${(rss / 1e6).toFixed(0)} MB` +
          (mode === "reference" ? "" : `  ×${(best / ref).toFixed(2)} reference`),
      );
    }
  } finally {
    if (!process.env.BENCH_KEEP) unlinkSync(file);
  }
}
