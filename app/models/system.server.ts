import type { AppDatabase } from "../../db";

/** A cheap query that proves the database file is open and migrated. */
export function databaseStatus({ sqlite }: AppDatabase) {
  const row = sqlite.prepare("SELECT count(*) AS n FROM imports").get() as { n: number };
  return { imports: row.n };
}
