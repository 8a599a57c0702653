import path from "node:path";

/*
 * Where the database is, without the rest of db/index.ts: the parse worker needs only the file's
 * path, and importing db/index.ts would load Drizzle and the schema into its thread (a few tenths
 * of a second of the worker's start, the import's writer waiting for its first rows).
 */

export const DEFAULT_DATABASE_URL = "file:./data/app.db";

/** `file:./data/app.db` → an absolute path (relative paths are taken from the current directory). */
export function databaseFile(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): string {
  const raw = url.startsWith("file:") ? url.slice("file:".length) : url;
  if (raw === ":memory:") throw new Error("DATABASE_URL must name a file: Affiliate Desk keeps its data in a real SQLite file");
  return path.resolve(raw);
}
