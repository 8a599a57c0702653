import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db";
import { dataVersion, memoByData, memoSmallByData, workVersion } from "../../app/models/kpis.server";
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
