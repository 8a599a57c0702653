import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openDatabase, type AppDatabase } from "../../db";
import { ContractFileError, CsvSyntaxError, rejectedCsvLine, type ImportKind, type RowIssue } from "../domain/csv";
import { FactReader } from "../domain/row-codec";
import {
  affiliatesTouchedByImport,
  countBeforeImages,
  createReferralAffiliates,
  InviteeWriter,
  laterImportOverRows,
  prepareActivityUpsert,
  prepareRosterUpsert,
  restoreBeforeImport,
} from "../models/activity.server";
import { recordAudit } from "../models/audit.server";
import {
  acquireLock,
  createImportRecord,
  findAppliedImportBySha,
  getImport,
  LockedError,
  releaseLock,
  updateImportRecord,
} from "../models/imports.server";
import {
  beginActivityRollups,
  beginInviteeFlagsMerge,
  prepareFreshRollups,
  refreshActivityRollups,
  refreshFunnelRollups,
  refreshInviteeFlags,
  refreshReferralCodes,
} from "../models/rollups.server";
import { getUserById } from "../models/users.server";
import { dropHealthSnapshotsWithoutData } from "../models/health.server";
import { recomputeHealth } from "./health.server";
import { dataPath } from "./data-dir.server";
import { WorkerParse } from "./parse-file.server";
import { checkpointInThread } from "./workers.server";
import { withRebindings, type RebindingInFile, type StatePart } from "../domain/referral-accumulator";

/** How many errors and warnings a report keeps in full; the rest are counted. */
export const REPORT_LIMIT = 1000;
export const IMPORT_LOCK = "import";
/**
 * An import that changed this many rows leaves ~400 pages (13 MB) or more in the write-ahead log:
 * their checkpoint (copied into the database file and synced: ~0.2 s for the 1M-row benchmark
 * file) runs in a thread of its own while health is scored. Below it, the commit checkpoints as
 * SQLite does by itself (once the log passes 1,000 pages).
 */
export const CHECKPOINT_IN_THREAD_FROM = 100_000;

export type ImportStatusOut = "imported" | "rejected" | "duplicate" | "dry-run";

export interface ImportProgress {
  phase: "hashing" | "reading" | "finishing" | "done";
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ImportOptions {
  /** The CSV file on disk. */
  file: string;
  /** The name to record (defaults to the file's base name). */
  fileName?: string;
  /** The database (DATABASE_URL form); the import opens its own connection to it. */
  databaseUrl?: string;
  kind?: ImportKind;
  skipInvalid?: boolean;
  dryRun?: boolean;
  force?: boolean;
  userId?: number | null;
  /** A history record made earlier (the web upload) to fill instead of making a new one. */
  importId?: number;
  /** Known SHA-256 of the file (the web computes it while receiving the upload). */
  sha256?: string;
  onProgress?: (p: ImportProgress) => void;
  now?: number;
  /** Invitees the parse worker follows in memory before it puts rows away in runs (tests; default INVITEES_IN_MEMORY). */
  inviteesInMemory?: number;
  /** Changed rows from which the checkpoint runs in a thread of its own (tests; default CHECKPOINT_IN_THREAD_FROM). */
  checkpointInThreadFrom?: number;
}

export interface ImportResult {
  status: ImportStatusOut;
  importId: number | null;
  kind: ImportKind | null;
  fileName: string;
  sha256: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  weeks: string[];
  errors: RowIssue[];
  errorCount: number;
  warnings: RowIssue[];
  warningCount: number;
  newAffiliates: string[];
  rebindings: number;
  /** For a duplicate: the import that already applied this content. */
  duplicateOf?: number;
  rejectedPath?: string | null;
  durationMs: number;
  /** Milliseconds per phase, for the benchmark. */
  timings: Record<string, number>;
  /** CPU milliseconds per phase (all of the process's threads), for the benchmark on a busy machine. */
  cpuTimings: Record<string, number>;
}

export type ImportReport = Pick<ImportResult, "errors" | "errorCount" | "warnings" | "warningCount" | "newAffiliates" | "rebindings" | "weeks"> & {
  durationMs: number;
  dryRun?: boolean;
};

export async function sha256File(file: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = crypto.createHash("sha256");
  let n = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    n += (chunk as Buffer).length;
    onBytes?.(n);
  }
  return hash.digest("hex");
}

class Issues {
  list: RowIssue[] = [];
  count = 0;
  add(issues: RowIssue[]) {
    this.count += issues.length;
    for (const i of issues) {
      if (this.list.length >= REPORT_LIMIT) break;
      this.list.push(i);
    }
  }
  /** An issue of the import as a whole (line 0): first in the list, kept past the limit too. */
  addFirst(issue: RowIssue) {
    this.count++;
    this.list.unshift(issue);
    if (this.list.length > REPORT_LIMIT) this.list.pop();
  }
}

/**
 * Imports one file of the referral dataset (data-format.md): parse → validate → write facts →
 * refresh rollups → audit, in one transaction on its own connection. All or nothing unless
 * `skipInvalid`; idempotent by SHA-256 unless `force`; a dry run does everything and rolls back.
 */
export async function runImport(opts: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const now = opts.now ?? Date.now();
  const fileName = opts.fileName ?? path.basename(opts.file);
  const totalBytes = fs.statSync(opts.file).size;
  const progress = (p: Omit<ImportProgress, "totalBytes">) => opts.onProgress?.({ ...p, totalBytes });
  progress({ phase: "hashing", bytesRead: 0, rows: 0 });

  const database = openDatabase(opts.databaseUrl);
  const { sqlite } = database;
  // The import's own connection keeps a smaller page cache than the app's (16 MB, not 64): its
  // writes go mostly to the end of the B-trees, and the peak memory of a large import is capped.
  sqlite.pragma("cache_size = -16384");
  // Its sorts (the invitees' index built after a first load: ~40 bytes per invitee) in temporary
  // files, as SQLite does by default, not in memory as the app's connections keep them: a sort
  // held in memory grows with the file's invitees (decision 0015). SQLite deletes these files as
  // it opens them; nothing is left behind.
  sqlite.pragma("temp_store = FILE");
  const result: ImportResult = {
    status: "imported",
    importId: opts.importId ?? null,
    kind: opts.kind ?? null,
    fileName,
    sha256: opts.sha256 ?? "",
    rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    weeks: [],
    errors: [],
    errorCount: 0,
    warnings: [],
    warningCount: 0,
    newAffiliates: [],
    rebindings: 0,
    rejectedPath: null,
    durationMs: 0,
    timings: {},
    cpuTimings: {},
  };
  const user = opts.userId ? getUserById(database, opts.userId) : undefined;
  const holder = `${fileName}${user ? ` by ${user.name}` : ""}`;
  const parse = new WorkerParse(opts.file, { kind: opts.kind, databaseUrl: opts.databaseUrl, inviteesInMemory: opts.inviteesInMemory });
  let locked = false;
  try {
    if (opts.sha256 === undefined) {
      // The hash is needed before anything is written (a duplicate is answered, not imported), but
      // not before the file is read: with the import lock taken, the parse worker starts reading
      // (and boots, and parses its first batches) while this thread hashes the file. A file found
      // to be a duplicate ends the worker; nothing was written. Without the lock (another import
      // runs), the duplicate is still recognised first, as before.
      try {
        acquireLock(database, IMPORT_LOCK, holder);
        locked = true;
        parse.start();
      } catch (error) {
        if (!(error instanceof LockedError)) throw error;
      }
      result.sha256 = await sha256File(opts.file);
    }
    const earlier = opts.force ? undefined : findAppliedImportBySha(database, result.sha256);
    if (earlier) {
      Object.assign(result, {
        status: "duplicate",
        importId: earlier.id,
        duplicateOf: earlier.id,
        kind: earlier.kind,
        rows: earlier.rows,
        inserted: earlier.inserted,
        updated: earlier.updated,
        unchanged: earlier.unchanged,
        rejected: earlier.rejected,
        weeks: earlier.weeks ?? [],
      });
      if (opts.importId) updateImportRecord(database, opts.importId, { status: "cancelled", finishedAt: Date.now(), report: { duplicateOf: earlier.id } });
      return result;
    }
    if (!locked) {
      acquireLock(database, IMPORT_LOCK, holder);
      locked = true;
    }
    await applyFile(database, parse, opts, result, now, totalBytes, progress);
    return result;
  } finally {
    try {
      await parse.close();
    } finally {
      if (locked) releaseLock(database, IMPORT_LOCK);
      result.durationMs = Date.now() - started;
      sqlite.close();
    }
  }
}

async function applyFile(
  database: AppDatabase,
  parse: WorkerParse,
  opts: ImportOptions,
  result: ImportResult,
  now: number,
  totalBytes: number,
  progress: (p: Omit<ImportProgress, "totalBytes">) => void,
) {
  const { sqlite } = database;
  const errors = new Issues();
  const warnings = new Issues();
  const record = () => ({
    errors: errors.list,
    errorCount: errors.count,
    warnings: warnings.list,
    warningCount: warnings.count,
  });
  /** The report kept on the history record. */
  const report = (dryRun?: boolean): ImportReport => ({
    ...record(),
    newAffiliates: result.newAffiliates,
    rebindings: result.rebindings,
    weeks: result.weeks,
    durationMs: Date.now() - now,
    ...(dryRun === undefined ? {} : { dryRun }),
  });

  // The history record exists (committed) before the long transaction, so the history shows a running import.
  let importId = opts.importId ?? null;
  if (!opts.dryRun && importId == null) {
    importId = createImportRecord(database, {
      kind: opts.kind ?? "referrals",
      fileName: result.fileName,
      sha256: result.sha256,
      userId: opts.userId ?? null,
      status: "importing",
      skipInvalid: !!opts.skipInvalid,
    }).id;
  } else if (importId != null) {
    updateImportRecord(database, importId, { status: opts.dryRun ? "validating" : "importing" });
  }
  result.importId = opts.dryRun ? (opts.importId ?? null) : importId;
  // A dry run writes under a provisional id that no real import can have.
  const writeId = importId ?? 2 ** 31;

  let rejectedOut: fs.WriteStream | null = null;
  const rejectedPath = !opts.dryRun && opts.skipInvalid ? dataPath("imports", `${writeId}-rejected.csv`) : null;

  let mark = performance.now();
  let cpuMark = process.cpuUsage();
  const lap = (phase: string) => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    result.timings[phase] = Math.round(t - mark);
    result.cpuTimings[phase] = Math.round((cpu.user - cpuMark.user + cpu.system - cpuMark.system) / 1000);
    mark = t;
    cpuMark = cpu;
  };
  let changed = 0;
  /** Weeks with rows that changed the database (weeks held before that changed are recomputed). */
  const changedWeeks = new Set<string>();
  let lastChangedWeek = "";
  let valid = 0;
  let kind: ImportKind | null = opts.kind ?? null;

  sqlite.exec("BEGIN IMMEDIATE");
  let open = true;
  /** Whether the commit leaves its checkpoint to a thread of its own (after the try below). */
  let checkpointInThreadAfter = false;
  try {
    let writeFact: ReturnType<typeof prepareActivityUpsert> | null = null;
    let roster: ReturnType<typeof prepareRosterUpsert> | null = null;
    /** False when the file was refused as a whole (no state comes after it). */
    let parsed = true;
    const facts = new FactReader();
    /** Adds the fresh weeks' rollups as they come (during the read, and the rest after it). */
    let freshRollups: ReturnType<typeof prepareFreshRollups> | null = null;
    try {
      for await (const batch of parse.batches()) {
        kind = batch.kind;
        errors.add(batch.errors);
        warnings.add(batch.warnings);
        result.rows = batch.recordsRead;
        result.rejected += batch.rejected.length;
        if (rejectedPath && batch.rejected.length) {
          if (!rejectedOut) {
            fs.mkdirSync(path.dirname(rejectedPath), { recursive: true });
            rejectedOut = fs.createWriteStream(rejectedPath);
            rejectedOut.write(rejectedCsvLine(batch.headerRaw, "error", batch.delimiter) + "\n");
          }
          for (const r of batch.rejected) rejectedOut.write(rejectedCsvLine(r.raw, `line ${r.line}: ${r.error}`, batch.delimiter) + "\n");
        }
        const writing = opts.skipInvalid || errors.count === 0;
        if (!writing && batch.kind === "referrals") facts.skip(batch.facts);
        if (writing) {
          if (batch.kind === "referrals") {
            const write = (writeFact ??= prepareActivityUpsert(sqlite, writeId));
            facts.forEach(batch.facts, (week, invitee, affiliate, country, m, o) => {
              if (write(week, invitee, affiliate, country, m, o)) {
                changed++;
                // Rows come in runs of one week: the set is asked once per run, not once per row.
                if (week !== lastChangedWeek) changedWeeks.add((lastChangedWeek = week));
              }
            });
            if (batch.rollups.length) {
              const add = (freshRollups ??= prepareFreshRollups(sqlite));
              for (const chunk of batch.rollups) add(chunk);
            }
          } else {
            roster ??= prepareRosterUpsert(sqlite, writeId, now);
            const { rows, lines } = batch;
            for (let i = 0; i < rows.length; i++) {
              const r = rows[i];
              if (roster.write(r)) changed++;
              if (r.managerEmail && !roster.managerKnown(r.managerEmail)) {
                warnings.add([{ line: lines[i], column: "manager_email", value: r.managerEmail, message: "no user has this e-mail: the affiliate stays unassigned until a lead assigns it" }]);
              }
            }
          }
        }
        valid += batch.valid;
        progress({ phase: "reading", bytesRead: batch.bytesRead, rows: batch.recordsRead });
      }
    } catch (error) {
      if (error instanceof ContractFileError) errors.add(error.issues);
      else if (error instanceof CsvSyntaxError) errors.add([{ line: error.line, column: null, value: null, message: error.message }]);
      else throw error;
      // The file is refused as a whole: nothing of it counts as written.
      parsed = false;
      valid = 0;
      changed = 0;
      opts = { ...opts, skipInvalid: false };
    }
    lap("read+write");
    // The worker's state of a referral file comes part by part: first what it knows of the whole
    // file (weeks, affiliates' first weeks, moves inside the file), then the fresh weeks' rollup
    // groups, the week masks and the invitees' latest rows, each applied as it arrives.
    const parts = parsed && parse.referrals ? parse.parts() : null;
    const first = parts ? await parts.next() : null;
    if (first && (first.done || first.value.part !== "rest")) throw new Error("parse worker: the state did not start with the file's weeks");
    const meta: Extract<StatePart, { part: "rest" }> | null = first && !first.done && first.value.part === "rest" ? first.value : null;
    result.kind = kind;
    result.weeks = meta ? meta.weeks : [];

    const refused = errors.count > 0 && !opts.skipInvalid;
    if (refused) {
      sqlite.exec("ROLLBACK");
      open = false;
      Object.assign(result, { status: "rejected", inserted: 0, updated: 0, unchanged: 0 }, record());
      if (importId != null) {
        updateImportRecord(database, importId, {
          kind: kind ?? opts.kind ?? "referrals",
          status: "rejected",
          finishedAt: Date.now(),
          rows: result.rows,
          rejected: result.rejected,
          weeks: result.weeks,
          report: report(!!opts.dryRun),
        });
      }
      await closeStream(rejectedOut);
      return;
    }

    progress({ phase: "finishing", bytesRead: result.rows ? totalBytes : 0, rows: result.rows });
    let updated = 0;
    if (kind === "referrals") {
      if (parts && meta) {
        result.newAffiliates = createReferralAffiliates(sqlite, writeId, meta.affiliateFirstWeek, now);
        const fresh = new Set(meta.freshWeeks);
        const stale = meta.weeks.filter((w) => !fresh.has(w) && changedWeeks.has(w));
        beginActivityRollups(sqlite, { staleWeeks: stale });
        const writeRollups = (freshRollups ??= prepareFreshRollups(sqlite));
        const mergeFlags = beginInviteeFlagsMerge(sqlite, refreshInviteeFlags(sqlite, stale));
        const invitees = new InviteeWriter(sqlite, writeId, meta.affiliateFirstWeek.map(([uid]) => uid), meta.funnelCounted);
        let latest = false;
        /** Re-bindings inside the file of invitees the worker read back from its runs (after the first part's). */
        const moreRebindings: RebindingInFile[] = [];
        for await (const part of parts) {
          if (part.part === "agg") writeRollups(part.chunk);
          else if (part.part === "rebindings") moreRebindings.push(...part.list);
          else if (part.part === "flags") mergeFlags(part.block, part.chunk);
          else if (part.part === "funnel") invitees.addFunnel(part.chunk);
          else if (part.part === "latest") {
            if (!latest) lap("rollups");
            latest = true;
            invitees.add(part.chunk);
          }
        }
        if (!latest) lap("rollups");
        meta.rebindingsInFile = withRebindings(meta.rebindingsInFile, moreRebindings);
        const rebindings = invitees.finish(meta.rebindingsInFile);
        updated = countBeforeImages(sqlite, "activity", writeId);
        lap("invitees");
        result.rebindings = rebindings.length + meta.rebindingsInFile.filter((m) => m.later).length;
        warnings.add(
          meta.rebindingsInFile.map((m) => ({
            line: m.line,
            column: "affiliate_uid",
            value: m.later ? m.to : m.from,
            message: m.later
              ? `invitee ${m.inviteeUid} moves from affiliate ${m.from} (line ${m.fromLine}) to ${m.to}: a re-binding`
              : `invitee ${m.inviteeUid} is reported under affiliate ${m.to} in a later week: a re-binding`,
          })),
        );
        warnings.add(
          rebindings.map((r) => ({
            line: r.line,
            column: "affiliate_uid",
            value: r.to,
            message: `invitee ${r.inviteeUid} was under affiliate ${r.from} before: a re-binding, recorded`,
          })),
        );
      }
    } else {
      updated = countBeforeImages(sqlite, "affiliate", writeId);
    }
    Object.assign(result, { updated, inserted: changed - updated, unchanged: valid - changed }, record());

    if (opts.dryRun) {
      sqlite.exec("ROLLBACK");
      open = false;
      result.status = "dry-run";
      if (importId != null) {
        updateImportRecord(database, importId, {
          kind: kind!,
          status: "ready",
          rows: result.rows,
          inserted: result.inserted,
          updated: result.updated,
          unchanged: result.unchanged,
          rejected: result.rejected,
          weeks: result.weeks,
          report: report(true),
        });
      }
      return;
    }

    await closeStream(rejectedOut);
    result.rejectedPath = rejectedOut ? rejectedPath : null;
    updateImportRecord(database, importId!, {
      kind: kind!,
      status: "imported",
      finishedAt: Date.now(),
      rows: result.rows,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      rejected: result.rejected,
      weeks: result.weeks,
      rejectedPath: result.rejectedPath,
      report: report(),
    });
    recordAudit(database, {
      userId: opts.userId ?? null,
      action: "import.apply",
      entityType: "import",
      entityId: importId,
      after: { fileName: result.fileName, sha256: result.sha256, kind, rows: result.rows, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected, weeks: result.weeks },
    });
    // A large commit leaves its checkpoint (the log copied into the database file and synced) to
    // a thread of its own, below; a smaller one checkpoints as SQLite does (past 1,000 pages).
    checkpointInThreadAfter = changed >= (opts.checkpointInThreadFrom ?? CHECKPOINT_IN_THREAD_FROM);
    if (checkpointInThreadAfter) sqlite.pragma("wal_autocheckpoint = 0");
    sqlite.exec("COMMIT");
    open = false;
    lap("commit");
    result.status = "imported";
  } catch (error) {
    if (open) sqlite.exec("ROLLBACK");
    await closeStream(rejectedOut);
    if (importId != null) {
      updateImportRecord(database, importId, {
        status: "failed",
        finishedAt: Date.now(),
        report: { message: error instanceof Error ? error.message : String(error) },
      });
    }
    throw error;
  }

  // Here the import is applied (the refused file and the dry run returned above): the facts, their
  // rollups and the history record are in, together, and nothing below undoes them or marks the
  // import failed. Health scores are part of what an import refreshes before it is reported done
  // (an import that changed nothing leaves them as they are): scored in a transaction of their own,
  // while a large commit is copied into the database file by another thread (decision 0018).
  const copied = checkpointInThreadAfter ? checkpointInThread(sqlite.name) : null;
  try {
    if (changed > 0) sqlite.transaction(() => recomputeHealth(database, { now })).immediate();
  } catch (error) {
    // Only the scores lag behind, and the report says so, first.
    warnings.addFirst({
      line: 0,
      column: null,
      value: null,
      message: `The health scores were not refreshed (${error instanceof Error ? error.message : String(error)}): saving the health model (Settings → Health model) recomputes them.`,
    });
    Object.assign(result, record());
    try {
      updateImportRecord(database, importId!, { report: report() });
    } catch {
      // The database refuses even that: the warning is still in the answer.
    }
  }
  lap("health");
  if (copied) {
    await copied;
    lap("checkpoint");
  }
  progress({ phase: "done", bytesRead: totalBytes, rows: result.rows });
}

function closeStream(s: fs.WriteStream | null): Promise<void> {
  if (!s) return Promise.resolve();
  return new Promise((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

export class RollbackRefused extends Error {
  constructor(message: string, readonly laterImportId: number | null = null) {
    super(message);
    this.name = "RollbackRefused";
  }
}

/**
 * Rolls an import back: restores exactly the state before it (inserted rows gone, updated rows
 * restored, rollups as before). Refused, naming it, when a later import changed the same rows.
 */
export function rollbackImport(database: AppDatabase, importId: number, userId: number | null) {
  const found = getImport(database, importId);
  if (!found) throw new RollbackRefused(`There is no import #${importId}.`);
  const imp = found.imp;
  if (imp.status === "rolled_back") throw new RollbackRefused(`Import #${importId} was already rolled back.`);
  if (imp.status !== "imported") throw new RollbackRefused(`Import #${importId} is ${imp.status}: only an applied import can be rolled back.`);
  const { sqlite } = database;
  acquireLock(database, IMPORT_LOCK, `rollback of import #${importId}`);
  try {
    return sqlite
      .transaction(() => {
        const later = laterImportOverRows(sqlite, importId);
        if (later != null) {
          throw new RollbackRefused(`Import #${later} changed rows that import #${importId} wrote: roll back #${later} first.`, later);
        }
        const weeks = imp.weeks ?? [];
        const affected = affiliatesTouchedByImport(sqlite, importId, weeks);
        restoreBeforeImport(sqlite, importId, weeks);
        if (imp.kind === "referrals") {
          refreshActivityRollups(sqlite, weeks);
          refreshInviteeFlags(sqlite, weeks);
          refreshFunnelRollups(sqlite, affected);
          refreshReferralCodes(sqlite, affected);
        }
        const at = Date.now();
        updateImportRecord(database, importId, { status: "rolled_back", rolledBackAt: at, rolledBackBy: userId });
        recordAudit(database, {
          userId,
          action: "import.rollback",
          entityType: "import",
          entityId: importId,
          before: { status: "imported" },
          after: { status: "rolled_back", weeks, affiliates: affected.length },
          at,
        });
        // Scores of weeks that no longer have data go; the newest week's are recomputed.
        dropHealthSnapshotsWithoutData(database);
        recomputeHealth(database, { now: at });
        return { importId, weeks, affiliates: affected.length };
      })
      .immediate();
  } finally {
    releaseLock(database, IMPORT_LOCK);
  }
}
