import { readFileSync } from "node:fs";
import { CsvRecordReader, readCsvRecords, resolveHeader, validateReferralRecord, ReferralKeyTracker, parseContractFile, type ReferralRow } from "~/domain/csv";
const buf = readFileSync("/tmp/bench.csv");
const chunks: Buffer[] = []; for (let p = 0; p < buf.length; p += 1 << 20) chunks.push(buf.subarray(p, p + (1 << 20)));
const header = resolveHeader("referrals", buf.subarray(0, 400).toString().split("\n")[0].split(","));
async function stage(name: string, fn: () => Promise<number>) {
  const times: number[] = []; let n = 0;
  for (let r = 0; r < 5; r++) { const t0 = performance.now(); n = await fn(); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  console.log(name.padEnd(12), "min", times[0].toFixed(0), "median", times[2].toFixed(0), "ms", n);
}
await stage("decode", async () => { const td = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }); let n = 0; for (const c of chunks) n += td.decode(c).length; return n; });
await stage("read", async () => { let n = 0; for await (const b of readCsvRecords(chunks)) n += b.count; return n; });
await stage("validate", async () => {
  let n = 0; const sink = { errors: [] as any[], warnings: [] as any[] }; let first = true;
  for await (const b of readCsvRecords(chunks)) { for (let r = first ? 1 : 0; r < b.count; r++) { const row = validateReferralRecord(b, r, header as any, sink); if (row) n++; } first = false; sink.warnings.length = 0; }
  return n;
});
await stage("val+keys", async () => {
  let n = 0; const sink = { errors: [] as any[], warnings: [] as any[] }; let first = true; const keys = new ReferralKeyTracker();
  for await (const b of readCsvRecords(chunks)) { for (let r = first ? 1 : 0; r < b.count; r++) { const row = validateReferralRecord(b, r, header as any, sink); if (row && keys.firstLine(row.weekStart, row.inviteeUid, b.lines[r]) === 0) n++; } first = false; sink.warnings.length = 0; }
  return n;
});
await stage("contract", async () => { let n = 0; for await (const b of parseContractFile(chunks, { kind: "referrals" })) n += b.rows.length; return n; });
for (const keep of [1024, 8192, 65536]) await stage("keep" + keep, async () => {
  let n = 0; const sink = { errors: [] as any[], warnings: [] as any[] }; let first = true; const keys = new ReferralKeyTracker();
  let rows: ReferralRow[] = []; let lines: number[] = [];
  for await (const b of readCsvRecords(chunks)) { for (let r = first ? 1 : 0; r < b.count; r++) { const row = validateReferralRecord(b, r, header as any, sink); if (row && keys.firstLine(row.weekStart, row.inviteeUid, b.lines[r]) === 0) { rows.push(row); lines.push(b.lines[r]); if (rows.length >= keep) { n += rows.length; rows = []; lines = []; } } } first = false; sink.warnings.length = 0; }
  return n + rows.length;
});
