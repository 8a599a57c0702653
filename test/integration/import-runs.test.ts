import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addWeeks } from "../../app/domain/weeks";
import { runImport, type ImportResult } from "../../app/services/import.server";
import { scratchRoot } from "../../app/services/data-dir.server";
import { generateDataset } from "../../scripts/lib/dataset";
import { referral, referralCsv, writeFile } from "../support/csv";
import { createTestDatabase } from "../support/db";
import { endWeekAcrossBlocks, readCsv } from "../support/dataset";
import { snapshot } from "../support/snapshot";

// Decision 0015: past `inviteesInMemory` invitees, the parse worker puts the rows of the others
// away in sorted runs (files in DATA_DIR/tmp) and works them out one invitee at a time at the end.
// Whatever the threshold, an import writes and reports exactly the same.
let all: ReturnType<typeof createTestDatabase>;
let some: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  all = createTestDatabase();
  some = createTestDatabase();
});
afterEach(() => {
  all.close();
  some.close();
});

/** What an import reports, but for what is expected to differ between two databases. */
const reported = (r: ImportResult) => {
  const { durationMs: _d, timings: _t, cpuTimings: _c, importId: _i, ...rest } = r;
  return rest;
};

const health = (db: typeof all) => db.sqlite.prepare("SELECT affiliate_uid, week_start, score, band FROM health_snapshots ORDER BY 1, 2").all();

describe("an import that follows only some invitees in memory", () => {
  it("writes and reports exactly what one that follows all of them does: a first load, then a file over stored invitees with moves", async () => {
    const summary = await generateDataset({ outDir: path.join(all.dir, "ds"), endWeek: endWeekAcrossBlocks(), profile: "demo", affiliates: 12, weeks: 10, invitees: 900, seed: "runs", singleFile: true });
    const [roster, referrals] = summary.files;
    const rows = readCsv(referrals);
    const weeks = [...new Set(rows.map((r) => r.week_start))].sort();
    const affiliates = [...new Set(rows.map((r) => r.affiliate_uid))].sort();
    const uids = [...new Set(rows.map((r) => r.invitee_uid))].sort();
    expect(uids.length).toBeGreaterThan(400);

    // The second file: invitees already stored come back in a new week under another affiliate
    // (re-bindings against the stored ones), some twice under two affiliates (moves inside the file),
    // some in an earlier week than their stored one; new invitees too; weeks out of order.
    const next = addWeeks(weeks[weeks.length - 1], 1);
    const after = addWeeks(next, 1);
    const before = addWeeks(weeks[0], -1);
    const second = [];
    for (let i = 0; i < 300; i++) {
      const uid = uids[i];
      const aff = affiliates[(i + 3) % affiliates.length];
      const rowsOf = [
        i % 5 === 0 ? referral({ week_start: before, affiliate_uid: aff, invitee_uid: uid, registered_at: "2024-03-01", futures_volume_usd: "3" }) : null,
        i % 2 === 0 ? referral({ week_start: next, affiliate_uid: affiliates[i % affiliates.length], invitee_uid: uid, registered_at: "2024-03-01", verified_at: "2024-03-05", earn_balance_usd: "4" }) : null,
        i % 3 === 0 ? referral({ week_start: after, affiliate_uid: aff, invitee_uid: uid, registered_at: "2024-03-02", country: "DE", spot_volume_usd: "12.50", vip_level: 2 }) : null,
      ].filter((r) => r !== null);
      // Mostly in week order (a later week under another affiliate: a move inside the file); for
      // some invitees newest first (an earlier week under another affiliate after a later one).
      second.push(...(i % 4 === 2 ? rowsOf.reverse() : rowsOf));
      if (i % 4 === 0) second.push(referral({ week_start: next, affiliate_uid: aff, invitee_uid: String(900000000 + i), registered_at: "2024-03-03", web3_wallet_active: 1 }));
    }
    const secondFile = writeFile(all.dir, "second.csv", referralCsv(second));

    const results: Record<string, unknown>[][] = [[], []];
    for (const [n, { db, inMemory }] of [
      { db: all, inMemory: undefined },
      { db: some, inMemory: 100 },
    ].entries()) {
      for (const file of [roster, referrals, secondFile]) {
        const r = await runImport({ file, databaseUrl: `file:${db.file}`, inviteesInMemory: inMemory, now: Date.parse("2026-11-20T10:00:00Z") });
        expect(r.status, JSON.stringify(r.errors.slice(0, 3))).toBe("imported");
        results[n].push(reported(r));
      }
    }
    expect(results[1]).toEqual(results[0]);
    const last = results[0][2] as unknown as ImportResult;
    expect(last.rebindings).toBeGreaterThan(50);
    expect(last.warnings.filter((w) => /moves from affiliate/.test(w.message)).length).toBeGreaterThan(10);
    expect(last.warnings.filter((w) => /in a later week/.test(w.message)).length).toBeGreaterThan(10);
    expect(snapshot(some)).toEqual(snapshot(all));
    expect(health(some)).toEqual(health(all));
    expect(health(all).length).toBeGreaterThan(0);
    // The scratch directories are gone.
    expect(fs.existsSync(scratchRoot()) ? fs.readdirSync(scratchRoot()) : []).toEqual([]);
  }, 60_000);

  it("removes its scratch files when the file is refused, and those a dead process left", async () => {
    const root = scratchRoot();
    fs.mkdirSync(path.join(root, "import-999999999-abc"), { recursive: true });
    fs.writeFileSync(path.join(root, "import-999999999-abc", "run-0.bin"), "x");
    fs.mkdirSync(path.join(root, "kept-by-someone"), { recursive: true });
    const rows = Array.from({ length: 50 }, (_, i) => referral({ invitee_uid: String(1000 + i), week_start: i % 2 ? "2026-10-05" : "2026-10-12" }));
    rows.push(referral({ invitee_uid: "77", spot_volume_usd: "lots" }));
    const r = await runImport({ file: writeFile(some.dir, "bad.csv", referralCsv(rows)), databaseUrl: `file:${some.file}`, inviteesInMemory: 3 });
    expect(r.status).toBe("rejected");
    expect(fs.readdirSync(root)).toEqual(["kept-by-someone"]);
  });
});
