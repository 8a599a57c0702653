import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db";
import { clearOverride, setOverride } from "../../app/models/health.server";
import { createUser } from "../../app/models/users.server";
import { dataVersion, memoByData, memoSmallByData, memoViewByData, workVersion } from "../../app/models/kpis.server";
import { createTestDatabase } from "../support/db";

// The page caches are keyed by these versions, which are recomputed only when SQLite reports a
// change (this connection's writes, or a commit by another connection: the import worker, the
// CLI, another server process). A missed change would show stale figures.
describe("data and work versions", () => {
  let database: ReturnType<typeof createTestDatabase>;
  beforeEach(() => {
    database = createTestDatabase();
  });
  afterEach(() => database.close());

  const addImport = (db: { sqlite: typeof database.sqlite }, finishedAt: number) =>
    db.sqlite
      .prepare("INSERT INTO imports (kind, file_name, sha256, status, created_at, finished_at) VALUES ('referrals', 'f.csv', ?, 'imported', ?, ?)")
      .run(`sha-${finishedAt}`, finishedAt, finishedAt);

  it("follow this connection's writes", () => {
    const data = dataVersion(database);
    const work = workVersion(database);
    expect(dataVersion(database)).toBe(data);
    addImport(database, 1_000);
    expect(dataVersion(database)).not.toBe(data);
    database.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 5)").run();
    expect(workVersion(database)).not.toBe(work);
  });

  it("follow commits made by another connection", () => {
    const before = dataVersion(database);
    const other = openDatabase(`file:${database.file}`);
    try {
      addImport(other, 2_000);
    } finally {
      other.sqlite.close();
    }
    expect(dataVersion(database)).not.toBe(before);
  });

  it("move with a band override set, cleared, or lapsing with time (which no write marks)", async () => {
    const t0 = 1_800_000_000_000;
    const lead = (await createUser(database, { email: "lena.novak@desk.test", name: "Lena Novak", role: "lead", password: "correct horse battery" })).id;
    database.sqlite.prepare("INSERT INTO affiliates (uid, name, created_at, updated_at) VALUES ('42', 'Crypto Carla', ?, ?)").run(t0, t0);
    const before = workVersion(database, t0);
    setOverride(database, "42", { band: "at_risk", reason: "Dispute", expiresAt: t0 + 10_000 }, lead, t0);
    const set = workVersion(database, t0 + 1);
    expect(set).not.toBe(before);
    // Nothing is written when the override lapses: the version moves at its expiry all the same.
    expect(workVersion(database, t0 + 9_999)).toBe(set);
    const lapsed = workVersion(database, t0 + 10_000);
    expect(lapsed).not.toBe(set);
    expect(workVersion(database, t0 + 20_000)).toBe(lapsed);
    setOverride(database, "42", { band: "watch", reason: "Again", expiresAt: t0 + 50_000 }, lead, t0 + 20_000);
    const again = workVersion(database, t0 + 20_001);
    clearOverride(database, "42", lead, t0 + 30_000);
    expect(workVersion(database, t0 + 30_001)).not.toBe(again);
  });

  it("empty the kept views when the work changes, and keep them otherwise", () => {
    let computed = 0;
    const view = (key: string) => memoViewByData(database, key, () => ++computed);
    expect(view("a")).toBe(1);
    expect(view("b")).toBe(2);
    expect(view("a")).toBe(1);
    database.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 5)").run();
    expect(view("a")).toBe(3);
    addImport(database, 4_000);
    expect(view("a")).toBe(4);
    expect(view("a")).toBe(4);
  });

  it("invalidate what the pages keep", () => {
    let computed = 0;
    const read = () => memoByData(database, "test", () => ++computed);
    const readSmall = () => memoSmallByData(database, "small", () => ++computed);
    expect(read()).toBe(1);
    expect(read()).toBe(1);
    expect(readSmall()).toBe(2);
    expect(readSmall()).toBe(2);
    addImport(database, 3_000);
    expect(read()).toBe(3);
    expect(readSmall()).toBe(4);
  });
});
