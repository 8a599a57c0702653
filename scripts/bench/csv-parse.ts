/**
 * Throughput of the CSV contract module on a generated referral file.
 *
 *   npx tsx scripts/bench/csv-parse.ts [rows=1000000]
 *
 * Writes ~1M referral rows (21 columns, ~1% with quoted "1,234.50" amounts) to a temp file,
 * then times, on the same file, streamed from disk:
 *   - reference: uDSV streaming parse to string arrays (the fastest parser measured, ARCHITECTURE.md)
 *   - read:      readCsvRecords (records with physical line numbers and raw text)
 *   - validate:  parseContractFile (read + header + row validation + duplicate keys)
 * and prints rows/s and the ratio to the reference.
 */
import { createReadStream, createWriteStream, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { initParser, inferSchema, type Parser } from "udsv";
import { parseContractFile, readCsvRecords } from "~/domain/csv";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const file = process.env.BENCH_KEEP ?? join(tmpdir(), `affiliate-desk-bench-referrals-${process.pid}.csv`);

const HEADER =
  "week_start,affiliate_uid,invitee_uid,registered_at,referral_code,verified_at,first_deposit_at,first_trade_at," +
  "country,vip_level,commission_type,rebate_rate,spot_volume_usd,futures_volume_usd,options_volume_usd," +
  "fiat_volume_usd,earn_balance_usd,web3_wallet_active,spot_commission_usd,futures_commission_usd,fees_usd";

async function generate(): Promise<void> {
  const out = createWriteStream(file);
  const countries = ["US", "BR", "VN", "NG", "TR", "IN", "ID", "PH", "DE", "FR", "AR", "UA"];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const money = () => {
    const r = rnd();
    if (r < 0.4) return "0";
    if (r < 0.41) return `"${Math.floor(rnd() * 900 + 100)},${String(Math.floor(rnd() * 1000)).padStart(3, "0")}.50"`;
    return (rnd() * 5000).toFixed(2);
  };
  const date = (y: number, m: number) => `${y}-${String(m).padStart(2, "0")}-${String(Math.floor(rnd() * 28) + 1).padStart(2, "0")}`;
  let chunk = HEADER + "\n";
  for (let i = 0; i < ROWS; i++) {
    const reg = date(2025, Math.floor(rnd() * 12) + 1);
    const row = [
      "2026-03-02",
      String(10_000_000 + Math.floor(rnd() * 5000)),
      String(300_000_000 + i),
      reg,
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
  for await (const buf of stream()) {
    const s = (buf as Buffer).toString();
    if (parser === null) parser = initParser(inferSchema(s));
    parser.chunk<string[]>(s, parser.stringArrs, (row) => {
      rows++;
      void row;
    });
  }
  parser?.end();
  return rows - 1; // header
}

async function readOnly(): Promise<number> {
  let records = 0;
  for await (const batch of readCsvRecords(stream())) records += batch.count;
  return records - 1;
}

async function validate(): Promise<number> {
  let rows = 0;
  let errors = 0;
  for await (const batch of parseContractFile(stream(), { kind: "referrals" })) {
    rows += batch.rows.length;
    errors += batch.errors.length;
  }
  if (errors > 0) throw new Error(`${errors} unexpected errors`);
  return rows;
}

async function time(label: string, fn: () => Promise<number>, ref?: number): Promise<number> {
  // best of 3, after the first run warmed the JIT and the page cache
  let best = Infinity;
  let count = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    count = await fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  const rate = count / best;
  console.log(
    `${label.padEnd(10)} ${best.toFixed(3)} s  ${(rate / 1e6).toFixed(2)} M rows/s` +
      (ref === undefined ? "" : `  ×${(best / ref).toFixed(2)} reference`) +
      `  (${count} rows)`,
  );
  return best;
}

const t0 = performance.now();
await generate();
const size = statSync(file).size;
console.log(`generated ${ROWS} rows, ${(size / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
try {
  const ref = await time("reference", reference);
  await time("read", readOnly, ref);
  await time("validate", validate, ref);
  const m = process.memoryUsage();
  console.log(`rss ${(m.rss / 1e6).toFixed(0)} MB, heap used ${(m.heapUsed / 1e6).toFixed(0)} MB`);
} finally {
  if (!process.env.BENCH_KEEP) unlinkSync(file);
}
