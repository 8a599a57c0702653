import { and, desc, eq } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import { prepared } from "./statements.server";
import { imports, locks, users } from "../../db/schema";
import { countBeforeImages } from "./activity.server";
import { memoByData } from "./kpis.server";

export type ImportRow = typeof imports.$inferSelect;
export type ImportStatus = ImportRow["status"];

export function createImportRecord(
  { db }: AppDatabase,
  input: { kind: ImportRow["kind"]; fileName: string; sha256: string; userId: number | null; status: ImportStatus; skipInvalid: boolean; filePath?: string | null },
): ImportRow {
  return db
    .insert(imports)
    .values({ ...input, createdAt: Date.now() })
    .returning()
    .get();
}

export function updateImportRecord({ db }: AppDatabase, id: number, patch: Partial<Omit<ImportRow, "id">>) {
  db.update(imports).set(patch).where(eq(imports.id, id)).run();
}

export function getImport({ db }: AppDatabase, id: number) {
  return db
    .select({ imp: imports, userName: users.name, userEmail: users.email })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.userId))
    .where(eq(imports.id, id))
    .get();
}

/** The import that already applied a file with this content, if any. */
export function findAppliedImportBySha({ db }: AppDatabase, sha256: string): ImportRow | undefined {
  return db
    .select()
    .from(imports)
    .where(and(eq(imports.sha256, sha256), eq(imports.status, "imported")))
    .orderBy(imports.id)
    .limit(1)
    .get();
}

export function listImports({ db }: AppDatabase, opts: { limit?: number; offset?: number } = {}) {
  return db
    .select({
      id: imports.id,
      kind: imports.kind,
      fileName: imports.fileName,
      sha256: imports.sha256,
      status: imports.status,
      createdAt: imports.createdAt,
      finishedAt: imports.finishedAt,
      rows: imports.rows,
      inserted: imports.inserted,
      updated: imports.updated,
      unchanged: imports.unchanged,
      rejected: imports.rejected,
      weeks: imports.weeks,
      userName: users.name,
      rolledBackAt: imports.rolledBackAt,
    })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.userId))
    .orderBy(desc(imports.id))
    .limit(opts.limit ?? 50)
    .offset(opts.offset ?? 0)
    .all();
}

/** The newest week any referral import brought (for staleness and default periods). */
export function latestImportedWeek({ sqlite }: AppDatabase): string | null {
  const row = prepared(sqlite, "SELECT max(week_start) AS w FROM rollup_affiliate_week").get() as { w: string | null };
  return row.w;
}

// Locks: one import writes at a time, across processes (the CLI and the server share the file).

export class LockedError extends Error {
  constructor(readonly holder: string, readonly since: number) {
    super(`Another import is running (${holder}, since ${new Date(since).toISOString().slice(11, 19)} UTC). Try again when it has finished.`);
    this.name = "LockedError";
  }
}

/** Whether a process of this id runs on this machine (one of another user's counts too). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the named lock or throws LockedError naming who holds it. A lock left by a dead process is taken over. */
export function acquireLock(database: AppDatabase, name: string, holder: string) {
  const { sqlite } = database;
  sqlite
    .transaction(() => {
      const current = sqlite.prepare("SELECT holder, pid, acquired_at AS acquiredAt FROM locks WHERE name = ?").get(name) as
        | { holder: string; pid: number; acquiredAt: number }
        | undefined;
      if (current && processAlive(current.pid)) throw new LockedError(current.holder, current.acquiredAt);
      sqlite
        .prepare("INSERT INTO locks (name, holder, pid, acquired_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, acquired_at = excluded.acquired_at")
        .run(name, holder, process.pid, Date.now());
    })
    .immediate();
}

export function releaseLock({ db }: AppDatabase, name: string) {
  db.delete(locks).where(eq(locks.name, name)).run();
}

/** What rolling an import back would change, for the confirmation. */
export function rollbackPreview({ sqlite }: AppDatabase, importId: number, weeks: string[]) {
  const updated = countBeforeImages(sqlite, "activity", importId);
  let written = 0;
  const byWeek = sqlite.prepare("SELECT count(*) AS n FROM activity WHERE week_start = ? AND import_id = ?");
  for (const w of weeks) written += (byWeek.get(w, importId) as { n: number }).n;
  const affiliatesCreated = (sqlite.prepare("SELECT count(*) AS n FROM affiliates WHERE import_id = ? AND uid NOT IN (SELECT uid FROM import_affiliate_before WHERE import_id = ?)").get(importId, importId) as { n: number }).n;
  const affiliatesUpdated = countBeforeImages(sqlite, "affiliate", importId);
  const inviteesRestored = countBeforeImages(sqlite, "invitee", importId);
  return { removed: Math.max(0, written - updated), restored: updated, affiliatesCreated, affiliatesUpdated, inviteesRestored };
}

/** Every week with data, newest first (for choosing custom periods). */
export function weeksWithData(database: AppDatabase): string[] {
  // A scan of the weekly rollup (~3 ms at scale): kept until the data changes.
  return memoByData(database, "weeksWithData", () =>
    (database.sqlite.prepare("SELECT DISTINCT week_start AS w FROM rollup_affiliate_week ORDER BY 1 DESC").all() as { w: string }[]).map((r) => r.w),
  );
}
