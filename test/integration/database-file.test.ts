import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NEW_DATABASE_PAGE_SIZE, openDatabase } from "../../db";

// Decision 0015: a database file created by openDatabase has pages of NEW_DATABASE_PAGE_SIZE; an
// existing file keeps its page size and is never rebuilt (no VACUUM behind the user's back).
describe("openDatabase and the page size", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "affiliate-desk-pages-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const pageSize = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return { pageSize: db.pragma("page_size", { simple: true }), journal: db.pragma("journal_mode", { simple: true }) };
    } finally {
      db.close();
    }
  };

  it("gives a brand-new file the new page size, in WAL mode, migrated", () => {
    expect(NEW_DATABASE_PAGE_SIZE).not.toBe(4096);
    const file = path.join(dir, "new.db");
    const database = openDatabase(`file:${file}`);
    const tables = database.sqlite.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'activity'").pluck().get();
    database.sqlite.close();
    expect(tables).toBe(1);
    expect(pageSize(file)).toEqual({ pageSize: NEW_DATABASE_PAGE_SIZE, journal: "wal" });
    // Opened again: still the same file, nothing rebuilt.
    openDatabase(`file:${file}`).sqlite.close();
    expect(pageSize(file).pageSize).toBe(NEW_DATABASE_PAGE_SIZE);
  });

  it("gives an empty file that exists already (0 bytes) the new page size", () => {
    const file = path.join(dir, "empty.db");
    fs.writeFileSync(file, "");
    openDatabase(`file:${file}`).sqlite.close();
    expect(pageSize(file).pageSize).toBe(NEW_DATABASE_PAGE_SIZE);
  });

  it("leaves an existing database with other pages as it is, its data kept, and not rebuilt", () => {
    for (const journal of ["wal", "delete"]) {
      const file = path.join(dir, `old-${journal}.db`);
      const old = new Database(file);
      old.pragma("page_size = 4096");
      old.pragma(`journal_mode = ${journal}`);
      old.exec("CREATE TABLE keep (x INTEGER); INSERT INTO keep VALUES (42);");
      old.close();
      const database = openDatabase(`file:${file}`);
      // Rows written through the app's connection, and the connection closed: a pending page size
      // change would be applied by nothing, and no VACUUM runs.
      database.sqlite.prepare("INSERT INTO keep VALUES (43)").run();
      const kept = database.sqlite.prepare("SELECT group_concat(x) FROM keep").pluck().get();
      database.sqlite.close();
      expect(kept).toBe("42,43");
      expect(pageSize(file).pageSize).toBe(4096);
      const again = new Database(file);
      again.exec("VACUUM");
      expect(again.pragma("page_size", { simple: true })).toBe(4096);
      again.close();
    }
  });
});
