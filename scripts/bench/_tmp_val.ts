import { createReadStream } from "node:fs";
import { parseContractFile } from "~/domain/csv";
const f = "/tmp/bench.csv";
for (let r = 0; r < 3; r++) {
  const t0 = performance.now(); let n = 0;
  for await (const b of parseContractFile(createReadStream(f, { highWaterMark: 1 << 20 }), { kind: "referrals" })) n += b.rows.length;
  console.log("validate", (performance.now() - t0).toFixed(0), "ms", n);
}
