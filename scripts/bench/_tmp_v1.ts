import { readFileSync } from "node:fs";
import { readCsvRecords, resolveHeader, validateReferralRecord } from "~/domain/csv";
const buf = readFileSync("/tmp/bench.csv");
const chunks: Buffer[] = []; for (let p = 0; p < buf.length; p += 1 << 20) chunks.push(buf.subarray(p, p + (1 << 20)));
const header = resolveHeader("referrals", buf.subarray(0, 400).toString().split("\n")[0].split(","));
for (let k = 0; k < 4; k++) {
  const t0 = performance.now();
  let n = 0; const sink = { errors: [] as any[], warnings: [] as any[] }; let first = true;
  for await (const b of readCsvRecords(chunks)) { for (let r = first ? 1 : 0; r < b.count; r++) { const row = validateReferralRecord(b, r, header as any, sink); if (row) n++; } first = false; sink.warnings.length = 0; }
  console.log(performance.now() - t0, n);
}
