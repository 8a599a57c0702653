import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";
import { databaseFile } from "./file";

export { schema };
export type DB = BetterSQLite3Database<typeof schema>;
export interface Database_ {
  /** Drizzle, for everything but the bulk import. */
  db: DB;
  /** The raw better-sqlite3 handle: prepared statements for the bulk import, transactions. */
  sqlite: Database.Database;
  file: string;
}
export type AppDatabase = Database_;

export { DEFAULT_DATABASE_URL, databaseFile } from "./file";

/** The committed drizzle-kit migrations, found from this file whether it runs from source or from the server build. */
export function migrationsFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [path.join(dir, "migrations"), path.join(dir, "db", "migrations")]) {
      if (fs.existsSync(path.join(candidate, "meta", "_journal.json"))) return candidate;
    }
    dir = path.dirname(dir);
  }
  const fromCwd = path.resolve("db/migrations");
  if (fs.existsSync(fromCwd)) return fromCwd;
  throw new Error("db/migrations not found");
}

/**
 * The page size of a database file this function creates (decisions 0015, 0016: 32 KiB). A page
 * size is fixed when a file's first page is written; an existing file keeps its own (it is never
 * rebuilt).
 */
export const NEW_DATABASE_PAGE_SIZE = 32768;

/**
 * Every entry point (server, scripts, tests) opens the database here: WAL, foreign keys on,
 * a busy timeout, and the committed migrations applied on open. A brand-new (empty) file gets
 * pages of NEW_DATABASE_PAGE_SIZE bytes.
 */
export function openDatabase(url?: string): AppDatabase {
  const file = databaseFile(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // Only for a file with no page yet, and before WAL mode (whose switch writes the first page):
  // on an existing database the pragma would be a no-op in WAL mode and, in rollback mode, would
  // take effect at the next VACUUM — neither is wanted, so it is not issued at all.
  if (sqlite.pragma("page_count", { simple: true }) === 0) sqlite.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("cache_size = -65536");
  sqlite.pragma("temp_store = MEMORY");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder() });
  return { db, sqlite, file };
}
