import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { referral, referralCsv, writeFile } from "../support/csv";
import { createTestDatabase } from "../support/db";

// `npm run import` as a script runs it: a process of its own, its output through pipes.
let database: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  database = createTestDatabase();
});
afterEach(() => database.close());

/**
 * Runs the import script as `npm run import` does, its standard output into a shell's pipe (read
 * by `cat`, as by `jq` or a script), the way a data team's job reads the answer; the exit code is
 * the script's.
 */
function cli(...args: string[]) {
  const command = `${JSON.stringify(process.execPath)} --import tsx scripts/import.ts ${args.map((a) => JSON.stringify(a)).join(" ")} | cat; exit \${PIPESTATUS[0]}`;
  const run = spawnSync("bash", ["-c", command], {
    env: { ...process.env, DATABASE_URL: `file:${database.file}`, DATA_DIR: database.dir },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run import", () => {
  it("writes a --json answer whole through a pipe, however long, and exits 0", () => {
    // 1,200 rows, each with a warning: the answer carries the first 1,000 of them, well past a pipe's 64 KiB.
    const rows = Array.from({ length: 1200 }, (_, i) => referral({ invitee_uid: String(700000 + i), verified_at: "2026-10-04" }));
    const { code, stdout } = cli(writeFile(database.dir, "week.csv", referralCsv(rows)), "--json");
    expect(stdout.length).toBeGreaterThan(100_000);
    const answer = JSON.parse(stdout);
    expect(code).toBe(0);
    expect(answer).toMatchObject({ status: "imported", inserted: 1200, warningCount: 1200 });
    expect(answer.warnings).toHaveLength(1000);
    expect(answer.warnings[0]).toEqual({ line: 2, column: "verified_at", value: "2026-10-04", message: "is before registered_at (2026-10-05)" });
  });

  it("exits 1 with the errors when the file is rejected, and 2 for a usage error", () => {
    const bad = cli(writeFile(database.dir, "bad.csv", referralCsv([referral({ invitee_uid: "1", spot_volume_usd: "lots" })])), "--json");
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ status: "rejected", errors: [{ line: 2, column: "spot_volume_usd", value: "lots" }] });
    const usage = cli("--kind", "orders", "x.csv");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--kind is referrals or affiliates/);
  });

  it("lists the history, rolls an import back, and exits 1 with the reason when a rollback is refused", () => {
    const first = JSON.parse(cli(writeFile(database.dir, "w1.csv", referralCsv([referral({ invitee_uid: "1" })])), "--json").stdout);
    const list = cli("--list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${first.importId} +imported +referrals +1 +1 `, "m"));
    const done = cli("--rollback", String(first.importId), "--json");
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ status: "rolled_back", importId: first.importId, weeks: ["2026-10-05"] });
    const again = cli("--rollback", String(first.importId), "--json");
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: "refused", message: `Import #${first.importId} was already rolled back.` });
  });
});
