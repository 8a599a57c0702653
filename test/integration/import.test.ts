import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, releaseLock } from "../../app/models/imports.server";
import { listAudit } from "../../app/models/audit.server";
import { IMPORT_LOCK, rollbackImport, RollbackRefused, runImport } from "../../app/services/import.server";
import { refreshActivityRollups, refreshFunnelRollups } from "../../app/models/rollups.server";
import { ROLLUP_FLUSH_GROUPS } from "../../app/domain/referral-accumulator";
import { referral, referralCsv, rosterCsv, writeFile } from "../support/csv";
import { createTestDatabase } from "../support/db";
import { snapshot } from "../support/snapshot";
import { makeUser } from "../support/users";

let database: ReturnType<typeof createTestDatabase>;
let url: string;
beforeEach(() => {
  database = createTestDatabase();
  url = `file:${database.file}`;
});
afterEach(() => database.close());

const imp = (file: string, opts: Parameters<typeof runImport>[0] extends infer O ? Partial<O> : never = {}) =>
  runImport({ file, databaseUrl: url, ...opts });

const W1 = "2026-10-05";
const W2 = "2026-10-12";

function q<T>(sql: string, ...args: unknown[]): T[] {
  return database.sqlite.prepare(sql).all(...args) as T[];
}

describe("importing a referral file", () => {
  it("writes the facts, the invitees' latest attributes, new affiliates and rollups that match the rows", async () => {
    const rows = [
      referral({ week_start: W1, affiliate_uid: "1001", invitee_uid: "5001", registered_at: "2026-10-06", verified_at: "2026-10-07", spot_volume_usd: "1,234.50", spot_commission_usd: "1.20", fees_usd: "2.47" }),
      referral({ week_start: W1, affiliate_uid: "1001", invitee_uid: "5002", registered_at: "2026-10-08", futures_volume_usd: "500", futures_commission_usd: "0.10", fees_usd: "0.20", country: "ID" }),
      referral({ week_start: W1, affiliate_uid: "1002", invitee_uid: "5003", registered_at: "2026-09-01", earn_balance_usd: "$99.99", web3_wallet_active: "yes" }),
      referral({ week_start: W2, affiliate_uid: "1001", invitee_uid: "5001", registered_at: "2026-10-06", verified_at: "2026-10-07", first_deposit_at: "2026-10-13", first_trade_at: "2026-10-14", vip_level: 1, spot_volume_usd: "10.00", options_volume_usd: "5.00" }),
    ];
    const file = writeFile(database.dir, "week.csv", referralCsv(rows));
    const r = await imp(file);
    expect(r.status).toBe("imported");
    expect(r).toMatchObject({ kind: "referrals", rows: 4, inserted: 4, updated: 0, unchanged: 0, rejected: 0, weeks: [W1, W2] });
    expect(r.newAffiliates.sort()).toEqual(["1001", "1002"]);

    // Affiliates first seen in a referral file are created unassigned, joined at their first week.
    const affs = q<{ uid: string; manager_id: number | null; joined_at: string; source: string }>("SELECT uid, manager_id, joined_at, source FROM affiliates ORDER BY uid");
    expect(affs).toEqual([
      { uid: "1001", manager_id: null, joined_at: W1, source: "referrals" },
      { uid: "1002", manager_id: null, joined_at: W1, source: "referrals" },
    ]);
    // The invitee takes the attributes of its latest week.
    const inv = q<Record<string, unknown>>("SELECT * FROM invitees WHERE uid = '5001'")[0];
    expect(inv).toMatchObject({ latest_week: W2, first_deposit_at: "2026-10-13", first_trade_at: "2026-10-14", vip_level: 1 });
    // Money in cents, exactly.
    const fact = q<Record<string, number>>("SELECT * FROM activity WHERE invitee_uid = '5001' AND week_start = ?", W1)[0];
    expect(fact.spot_volume).toBe(123450);
    expect(q<{ earn_balance: number; web3_wallet_active: number }>("SELECT earn_balance, web3_wallet_active FROM activity WHERE invitee_uid = '5003'")[0]).toEqual({ earn_balance: 9999, web3_wallet_active: 1 });

    // Rollups, computed here independently from the rows.
    const week = q<Record<string, number | string>>("SELECT * FROM rollup_affiliate_week ORDER BY affiliate_uid, week_start");
    expect(week.map((w) => [w.affiliate_uid, w.week_start, w.rows, w.traded, w.active, w.spot_volume, w.futures_volume, w.futures_adopters, w.earn_adopters, w.web3_wallet_adopters, w.options_adopters])).toEqual([
      ["1001", W1, 2, 2, 2, 123450, 50000, 1, 0, 0, 0],
      ["1001", W2, 1, 1, 1, 1000, 0, 0, 0, 0, 1],
      ["1002", W1, 1, 0, 1, 0, 0, 0, 1, 1, 0],
    ]);
    const funnel = q<Record<string, number | string>>("SELECT affiliate_uid, week_start, sum(referrals) r, sum(verified) v, sum(deposited) d, sum(first_trades) t FROM rollup_funnel_week GROUP BY 1, 2 ORDER BY 1, 2");
    expect(funnel).toEqual([
      { affiliate_uid: "1001", week_start: W1, r: 2, v: 1, d: 0, t: 0 },
      { affiliate_uid: "1001", week_start: W2, r: 0, v: 0, d: 1, t: 1 },
      { affiliate_uid: "1002", week_start: "2026-08-31", r: 1, v: 0, d: 0, t: 0 },
    ]);
    const country = q<Record<string, number | string>>("SELECT affiliate_uid, week_start, country, traded FROM rollup_affiliate_country_week WHERE affiliate_uid = '1001' AND week_start = ? ORDER BY country", W1);
    expect(country).toEqual([
      { affiliate_uid: "1001", week_start: W1, country: "ID", traded: 1 },
      { affiliate_uid: "1001", week_start: W1, country: "VN", traded: 1 },
    ]);
    // The import is recorded and audited.
    expect(listAudit(database, { action: "import.apply" })).toHaveLength(1);
  });

  it("is idempotent: the same content is answered with the earlier import; --force changes nothing", async () => {
    const text = referralCsv([referral({ invitee_uid: "1" }), referral({ invitee_uid: "2", spot_volume_usd: "3" })]);
    const first = await imp(writeFile(database.dir, "a.csv", text));
    const before = snapshot(database);
    const again = await imp(writeFile(database.dir, "b.csv", text));
    expect(again.status).toBe("duplicate");
    expect(again.duplicateOf).toBe(first.importId);
    const forced = await imp(writeFile(database.dir, "c.csv", text), { force: true });
    expect(forced).toMatchObject({ status: "imported", inserted: 0, updated: 0, unchanged: 2 });
    expect(snapshot(database)).toEqual(before);
  });

  it("answers a duplicate with nothing written, no history record and the lock free, even while another import runs", async () => {
    const text = referralCsv(Array.from({ length: 5000 }, (_, i) => referral({ invitee_uid: String(10 + i) })));
    const first = await imp(writeFile(database.dir, "a.csv", text));
    const before = snapshot(database);
    const records = () => q<{ n: number }>("SELECT count(*) AS n FROM imports")[0].n;
    const n = records();
    // The parse worker starts reading while the file is hashed: a duplicate ends it, nothing written.
    const again = await imp(writeFile(database.dir, "b.csv", text));
    expect(again).toMatchObject({ status: "duplicate", duplicateOf: first.importId });
    expect(snapshot(database)).toEqual(before);
    expect(records()).toBe(n);
    expect(q("SELECT * FROM locks")).toEqual([]);
    // With the import lock held elsewhere, the duplicate is still recognised (not refused as locked).
    acquireLock(database, IMPORT_LOCK, "week-45.csv by Lena Novak");
    const locked = await imp(writeFile(database.dir, "c.csv", text));
    expect(locked).toMatchObject({ status: "duplicate", duplicateOf: first.importId });
    expect(q<{ holder: string }>("SELECT holder FROM locks")).toEqual([{ holder: "week-45.csv by Lena Novak" }]);
    releaseLock(database, IMPORT_LOCK);
    expect(records()).toBe(n);
  });

  it("updates rows whose key is stored, and takes invitee attributes from the latest week whatever the order of files", async () => {
    await imp(writeFile(database.dir, "w2.csv", referralCsv([referral({ week_start: W2, invitee_uid: "7", vip_level: 3, country: "BR" })])));
    await imp(writeFile(database.dir, "w1.csv", referralCsv([referral({ week_start: W1, invitee_uid: "7", vip_level: 1, country: "AR" })])));
    expect(q<{ vip_level: number; country: string; latest_week: string }>("SELECT vip_level, country, latest_week FROM invitees")[0]).toEqual({ vip_level: 3, country: "BR", latest_week: W2 });
    // The older week's row did not replace the stored invitee: nor did it move the funnel.
    const funnel = "SELECT * FROM rollup_funnel_week ORDER BY affiliate_uid, week_start, country";
    const written = q(funnel);
    expect(written).toEqual([{ affiliate_uid: "1001", week_start: "2026-10-05", country: "BR", referrals: 1, verified: 0, deposited: 0, first_trades: 0 }]);
    refreshFunnelRollups(database.sqlite, ["1001"]);
    expect(q(funnel)).toEqual(written);
    const changed = await imp(writeFile(database.dir, "w1b.csv", referralCsv([referral({ week_start: W1, invitee_uid: "7", vip_level: 1, country: "AR", spot_volume_usd: "9" })])));
    expect(changed).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect(q<{ spot_volume: number }>("SELECT spot_volume FROM activity WHERE week_start = ?", W1)[0].spot_volume).toBe(900);
    expect(q<{ spot_volume: number }>("SELECT spot_volume FROM rollup_affiliate_week WHERE week_start = ?", W1)[0].spot_volume).toBe(900);
  });

  it("records a re-binding when an invitee is reported under another affiliate", async () => {
    await imp(writeFile(database.dir, "a.csv", referralCsv([referral({ week_start: W1, affiliate_uid: "1001", invitee_uid: "9" })])));
    const r = await imp(writeFile(database.dir, "b.csv", referralCsv([referral({ week_start: W2, affiliate_uid: "2002", invitee_uid: "9" })])));
    expect(r.rebindings).toBe(1);
    expect(r.warnings.some((w) => /re-binding/.test(w.message) && w.line === 2)).toBe(true);
    expect(q("SELECT invitee_uid, from_affiliate_uid, to_affiliate_uid FROM rebindings")).toEqual([{ invitee_uid: "9", from_affiliate_uid: "1001", to_affiliate_uid: "2002" }]);
    expect(q<{ affiliate_uid: string }>("SELECT affiliate_uid FROM invitees")[0].affiliate_uid).toBe("2002");
    // The funnel follows the invitee to its new affiliate.
    expect(q("SELECT affiliate_uid, sum(referrals) AS n FROM rollup_funnel_week GROUP BY 1 ORDER BY 1")).toEqual([{ affiliate_uid: "2002", n: 1 }]);
  });
});

describe("rollups written while reading", () => {
  it("match the rollups recomputed from the facts, for a file with weeks out of order and a week that comes back", async () => {
    // More affiliate-weeks per week than the accumulator holds before flushing at a new week, so
    // that rollups reach the writer during the read and a week met again is added to.
    const affiliates = ROLLUP_FLUSH_GROUPS + 50;
    const rows = [];
    let invitee = 100000;
    for (const week of [W2, W1, "2026-10-19"]) {
      for (let a = 0; a < affiliates; a++) {
        rows.push(referral({ week_start: week, affiliate_uid: String(20000 + a), invitee_uid: String(invitee++), registered_at: "2026-09-01", spot_volume_usd: `${a % 7}.25`, futures_volume_usd: a % 3 ? "0" : "12", earn_balance_usd: a % 5 ? "0" : "3", country: a % 2 ? "DE" : "VN" }));
      }
    }
    rows.push(referral({ week_start: W2, affiliate_uid: "20000", invitee_uid: "99", registered_at: "2026-09-01", spot_volume_usd: "7", country: "BR" }));
    rows.push(referral({ week_start: W2, affiliate_uid: "20001", invitee_uid: "98", registered_at: "2026-09-01", options_volume_usd: "2", country: "DE" }));
    const file = writeFile(database.dir, "many.csv", referralCsv(rows));
    const r = await imp(file);
    expect(r).toMatchObject({ status: "imported", inserted: rows.length });
    const week = "SELECT * FROM rollup_affiliate_week ORDER BY affiliate_uid, week_start";
    const country = "SELECT * FROM rollup_affiliate_country_week ORDER BY affiliate_uid, week_start, country";
    const written = { week: q(week), country: q(country) };
    expect(written.week).toHaveLength(affiliates * 3);
    expect(written.week.find((w) => (w as { affiliate_uid: string; week_start: string }).affiliate_uid === "20000" && (w as { week_start: string }).week_start === W2)).toMatchObject({ rows: 2, spot_volume: 725 });
    refreshActivityRollups(database.sqlite, [W1, W2, "2026-10-19"]);
    expect({ week: q(week), country: q(country) }).toEqual(written);
  });
});

describe("bad files", () => {
  it("refuses the whole file on any error, writes nothing, and reports line, column and value", async () => {
    const before = snapshot(database);
    const text = referralCsv([referral({ invitee_uid: "1" }), referral({ invitee_uid: "2", week_start: "2026-10-06" }), referral({ invitee_uid: "3", spot_volume_usd: "-5" }), referral({ invitee_uid: "1" })]);
    const r = await imp(writeFile(database.dir, "bad.csv", text));
    expect(r.status).toBe("rejected");
    expect(r.inserted).toBe(0);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [3, "week_start"],
      [4, "spot_volume_usd"],
      [5, "invitee_uid"],
    ]);
    expect(r.errors[0].value).toBe("2026-10-06");
    expect(r.errors[2].message).toMatch(/line 2/);
    expect(snapshot(database)).toEqual(before);
    expect(q<{ status: string }>("SELECT status FROM imports")).toEqual([{ status: "rejected" }]);
  });

  it("leaves the schema as it was: the invitees' index, dropped during a first load, is there after it, after a refused file and after a failed one", async () => {
    const schema = () => q<{ type: string; name: string; sql: string | null }>("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name");
    const hasIndex = () => schema().some((r) => r.name === "invitees_affiliate_idx");
    const rows = Array.from({ length: 300 }, (_, i) => referral({ invitee_uid: String(100 + i), affiliate_uid: String(1 + (i % 7)) }));
    expect(hasIndex()).toBe(true);
    // A failure after the index was dropped (the first load's funnel cells are written after it): all rolled back.
    database.sqlite.exec("CREATE TRIGGER test_fail_funnel BEFORE INSERT ON rollup_funnel_week BEGIN SELECT RAISE(ABORT, 'funnel write failed'); END");
    const before = schema();
    const data = snapshot(database);
    await expect(imp(writeFile(database.dir, "fails.csv", referralCsv(rows)))).rejects.toThrow(/funnel write failed/);
    expect(schema()).toEqual(before);
    expect(snapshot(database)).toEqual(data);
    expect(q<{ status: string }>("SELECT status FROM imports")).toEqual([{ status: "failed" }]);
    database.sqlite.exec("DROP TRIGGER test_fail_funnel");
    // A refused file: nothing written, the schema untouched.
    const clean = schema();
    const refused = await imp(writeFile(database.dir, "bad.csv", referralCsv([...rows, referral({ invitee_uid: "100" })])));
    expect(refused.status).toBe("rejected");
    expect(schema()).toEqual(clean);
    expect(snapshot(database)).toEqual(data);
    // A first load that succeeds builds the index again after its invitees, and it is used.
    expect((await imp(writeFile(database.dir, "good.csv", referralCsv(rows)))).status).toBe("imported");
    expect(schema()).toEqual(clean);
    const plan = q<{ detail: string }>("EXPLAIN QUERY PLAN SELECT uid FROM invitees WHERE affiliate_uid = '3' ORDER BY registered_at");
    expect(plan.map((p) => p.detail).join(" ")).toMatch(/invitees_affiliate_idx/);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM invitees INDEXED BY invitees_affiliate_idx WHERE affiliate_uid = '3'")[0].n).toBe(rows.filter((r) => r.affiliate_uid === "3").length);
  });

  it("refuses a file missing a required column before reading any row", async () => {
    const r = await imp(writeFile(database.dir, "nocol.csv", "week_start,affiliate_uid,registered_at\n2026-10-05,1,2026-10-05\n"), { kind: "referrals" });
    expect(r.status).toBe("rejected");
    expect(r.errors[0].line).toBe(1);
    expect(r.errors[0].message).toMatch(/invitee_uid/);
  });

  it("with --skip-invalid imports the valid rows and keeps the rejected ones as CSV with an error column", async () => {
    const text = referralCsv([referral({ invitee_uid: "1" }), referral({ invitee_uid: "2", registered_at: "03/04/2026" }), referral({ invitee_uid: "3" })]);
    const r = await imp(writeFile(database.dir, "some.csv", text), { skipInvalid: true });
    expect(r).toMatchObject({ status: "imported", inserted: 2, rejected: 1 });
    const rejected = fs.readFileSync(r.rejectedPath!, "utf8").trim().split("\n");
    expect(rejected[0].endsWith(",error")).toBe(true);
    expect(rejected).toHaveLength(2);
    expect(rejected[1]).toContain("03/04/2026");
    expect(rejected[1]).toMatch(/line 3: registered_at/);
    expect(path.dirname(r.rejectedPath!)).toBe(path.join(database.dir, "imports"));
  });

  it("a dry run reports what would happen and writes nothing", async () => {
    const before = snapshot(database);
    const r = await imp(writeFile(database.dir, "dry.csv", referralCsv([referral({ invitee_uid: "1" }), referral({ invitee_uid: "2", affiliate_uid: "77" })])), { dryRun: true });
    expect(r).toMatchObject({ status: "dry-run", inserted: 2, newAffiliates: ["1001", "77"] });
    expect(snapshot(database)).toEqual(before);
    expect(q("SELECT * FROM imports")).toEqual([]);
  });
});

describe("rollback", () => {
  it("restores exactly the state before the import", async () => {
    await imp(writeFile(database.dir, "roster.csv", rosterCsv([{ affiliate_uid: "1001", name: "Alpha Crypto", joined_at: "2025-01-01" }])));
    await imp(writeFile(database.dir, "w1.csv", referralCsv([referral({ week_start: W1, invitee_uid: "1", spot_volume_usd: "5" }), referral({ week_start: W1, invitee_uid: "2" })])));
    const before = snapshot(database);
    const r = await imp(
      writeFile(database.dir, "w2.csv", referralCsv([
        referral({ week_start: W1, invitee_uid: "1", spot_volume_usd: "6" }),
        referral({ week_start: W2, invitee_uid: "1", vip_level: 4 }),
        referral({ week_start: W2, invitee_uid: "3", affiliate_uid: "3003" }),
      ])),
    );
    expect(r).toMatchObject({ inserted: 2, updated: 1 });
    expect(snapshot(database)).not.toEqual(before);
    rollbackImport(database, r.importId!, null);
    expect(snapshot(database)).toEqual(before);
    expect(q<{ status: string }>("SELECT status FROM imports WHERE id = ?", r.importId)[0].status).toBe("rolled_back");
    expect(listAudit(database, { action: "import.rollback" })).toHaveLength(1);
  });

  it("is refused, naming the later import, when a later import changed the same rows", async () => {
    const a = await imp(writeFile(database.dir, "a.csv", referralCsv([referral({ invitee_uid: "1", spot_volume_usd: "1" })])));
    const b = await imp(writeFile(database.dir, "b.csv", referralCsv([referral({ invitee_uid: "1", spot_volume_usd: "2" })])));
    expect(() => rollbackImport(database, a.importId!, null)).toThrow(RollbackRefused);
    expect(() => rollbackImport(database, a.importId!, null)).toThrow(`#${b.importId}`);
    rollbackImport(database, b.importId!, null);
    rollbackImport(database, a.importId!, null);
    expect(q("SELECT * FROM activity")).toEqual([]);
    expect(q("SELECT * FROM affiliates")).toEqual([]);
  });

  it("of a roster import restores the affiliates it changed", async () => {
    const user = await makeUser(database, "manager", "Maya Chen");
    await imp(writeFile(database.dir, "r1.csv", rosterCsv([{ affiliate_uid: "1", name: "One", tier: "Gold", manager_email: "maya.chen@test.local" }])));
    expect(q<{ manager_id: number }>("SELECT manager_id FROM affiliates")[0].manager_id).toBe(user.id);
    const before = snapshot(database);
    const r2 = await imp(writeFile(database.dir, "r2.csv", rosterCsv([{ affiliate_uid: "1", name: "One Renamed", tier: "Platinum" }, { affiliate_uid: "2", name: "Two" }])));
    expect(r2).toMatchObject({ inserted: 1, updated: 1 });
    // A blank manager_email leaves the owner as it is.
    expect(q<{ manager_id: number }>("SELECT manager_id FROM affiliates WHERE uid = '1'")[0].manager_id).toBe(user.id);
    rollbackImport(database, r2.importId!, null);
    expect(snapshot(database)).toEqual(before);
  });
});

describe("after the commit", () => {
  const rows = (n: number) => referralCsv(Array.from({ length: n }, (_, i) => referral({ invitee_uid: String(500000 + i), spot_volume_usd: "10.00" })));
  const fileSize = () => fs.statSync(database.file).size;

  it("copies a large import from the log into the database file in a thread of its own, and scores health meanwhile", async () => {
    // The test's own connection stays open, so the import's closing connection is not the last
    // one: only the checkpoint thread moves the pages into the database file.
    const before = fileSize();
    const inThread = await imp(writeFile(database.dir, "a.csv", rows(4000)), { checkpointInThreadFrom: 1 });
    expect(inThread.status).toBe("imported");
    expect(inThread.timings.checkpoint).toBeGreaterThanOrEqual(0);
    const copied = fileSize();
    expect(copied).toBeGreaterThan(before + 4000 * 40);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM health_snapshots")[0].n).toBeGreaterThan(0);

    // Under the threshold the commit checkpoints as SQLite does, once the log passes 1,000 pages:
    // this one is smaller, so the file does not grow.
    const left = await imp(writeFile(database.dir, "b.csv", rows(4000).replaceAll(W1, W2)), { checkpointInThreadFrom: 1e9 });
    expect(left.inserted).toBe(4000);
    expect(left.timings.checkpoint).toBeUndefined();
    expect(fileSize()).toBe(copied);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM activity")[0].n).toBe(8000);
  });

  it("applies the import when health cannot be scored, and says so first on its report", async () => {
    database.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('health', '{broken', 0)").run();
    // 1,100 rows with a warning each: past the report's 1,000, the import's own warning still shows.
    const warned = referralCsv(Array.from({ length: 1100 }, (_, i) => referral({ invitee_uid: String(500000 + i), verified_at: "2026-10-04" })));
    const r = await imp(writeFile(database.dir, "a.csv", warned));
    expect(r.status).toBe("imported");
    expect(r.inserted).toBe(1100);
    expect(r.warningCount).toBe(1101);
    expect(r.warnings).toHaveLength(1000);
    const warning = r.warnings[0];
    expect(warning.line).toBe(0);
    expect(warning.message).toMatch(/^The health scores were not refreshed \(.+\): saving the health model \(Settings → Health model\) recomputes them\.$/);
    expect(q("SELECT * FROM health_snapshots")).toEqual([]);
    const record = q<{ status: string; report: string }>("SELECT status, report FROM imports WHERE id = ?", r.importId)[0];
    expect(record.status).toBe("imported");
    expect(JSON.parse(record.report).warnings[0]).toEqual(warning);
    // Applied means applied: once health can be scored again, it rolls back like any other.
    database.sqlite.prepare("DELETE FROM settings WHERE key = 'health'").run();
    expect(rollbackImport(database, r.importId!, null).weeks).toEqual([W1]);
    expect(q("SELECT * FROM activity")).toEqual([]);
  });

  it("leaves an applied import applied when something fails after its commit", async () => {
    const file = writeFile(database.dir, "a.csv", rows(10));
    await expect(imp(file, { onProgress: (p) => { if (p.phase === "done") throw new Error("the viewer went away"); } })).rejects.toThrow(/the viewer went away/);
    expect(q<{ status: string }>("SELECT status FROM imports")).toEqual([{ status: "imported" }]);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM activity")[0].n).toBe(10);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM health_snapshots")[0].n).toBeGreaterThan(0);
  });
});

describe("one import at a time", () => {
  it("tells a second import clearly that one is running", async () => {
    acquireLock(database, IMPORT_LOCK, "week-45.csv by Lena Novak");
    const file = writeFile(database.dir, "small.csv", referralCsv([referral({ invitee_uid: "1" })]));
    await expect(imp(file)).rejects.toThrow(/Another import is running \(week-45\.csv by Lena Novak/);
    expect(q("SELECT * FROM activity")).toEqual([]);
    releaseLock(database, IMPORT_LOCK);
    expect((await imp(file)).status).toBe("imported");
  });

  it("keeps reads working while an import writes, and shows nothing half-written", async () => {
    const file = writeFile(database.dir, "big.csv", referralCsv(Array.from({ length: 30000 }, (_, i) => referral({ invitee_uid: String(100000 + i) }))));
    const seen: number[] = [];
    const done = await imp(file, {
      onProgress: (p) => {
        // Runs in the middle of the import's transaction, which holds the write lock.
        if (p.phase === "reading" || p.phase === "finishing") seen.push(q<{ n: number }>("SELECT count(*) AS n FROM activity")[0].n);
      },
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((n) => n === 0)).toBe(true);
    expect(done.inserted).toBe(30000);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM activity")[0].n).toBe(30000);
  });
});
