import fs from "node:fs";
import path from "node:path";
import { dataPath } from "./data-dir.server";
import { type ImportOptions, type ImportProgress, type ImportResult } from "./import.server";
import { startWorker } from "./workers.server";

/**
 * Imports started from the web run in a worker thread; this keeps their live progress for the
 * page to poll. The import's history record in the database is the lasting state.
 *
 * The server may run as several processes (server.mjs, WEB_CONCURRENCY): the upload, the
 * progress polls and the confirmation can each land on a different one. The process running a
 * job therefore also writes its state to a small file under DATA_DIR/jobs (atomically, at most
 * every 200 ms and at the end), which any process reads. Not the database: while an import
 * applies it holds SQLite's write lock, so progress written there would wait for the end.
 */
export interface JobState {
  importId: number;
  mode: "validate" | "apply";
  progress: ImportProgress | null;
  done: boolean;
  error: string | null;
  result: Pick<ImportResult, "status"> | null;
  startedAt: number;
}

const g = globalThis as unknown as { __importJobs?: Map<number, JobState> };
const jobs = (g.__importJobs ??= new Map());
const KEEP_MS = 10 * 60_000;

function jobsDir() {
  return dataPath("jobs");
}

function jobFile(importId: number) {
  return path.join(jobsDir(), `${importId}.json`);
}

function publish(job: JobState) {
  try {
    fs.mkdirSync(jobsDir(), { recursive: true });
    const tmp = `${jobFile(job.importId)}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(job));
    fs.renameSync(tmp, jobFile(job.importId));
  } catch {
    // The state in memory still answers this process; the database keeps the outcome.
  }
}

export function getJob(importId: number): JobState | undefined {
  const local = jobs.get(importId);
  if (local) return local;
  try {
    const file = jobFile(importId);
    const age = Date.now() - fs.statSync(file).mtimeMs;
    const job = JSON.parse(fs.readFileSync(file, "utf8")) as JobState;
    return job.done && age > KEEP_MS ? undefined : job;
  } catch {
    return undefined;
  }
}

export function startImportJob(importId: number, mode: JobState["mode"], opts: Omit<ImportOptions, "onProgress" | "importId" | "dryRun">) {
  const job: JobState = { importId, mode, progress: null, done: false, error: null, result: null, startedAt: Date.now() };
  jobs.set(importId, job);
  publish(job);
  let published = Date.now();
  const worker = startWorker("import-worker", {
    workerData: { ...opts, importId, dryRun: mode === "validate", databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL },
  });
  worker.on("message", (m: { type: string; progress?: ImportProgress; result?: JobState["result"]; message?: string }) => {
    if (m.type === "progress") {
      job.progress = m.progress!;
      if (Date.now() - published >= 200) {
        publish(job);
        published = Date.now();
      }
    } else if (m.type === "done") {
      job.done = true;
      job.result = m.result!;
      publish(job);
    } else if (m.type === "error") {
      job.done = true;
      job.error = m.message ?? "The import failed.";
      publish(job);
    }
  });
  worker.on("error", (error) => {
    job.done = true;
    job.error = error.message;
    publish(job);
  });
  worker.on("exit", () => {
    job.done = true;
    publish(job);
    // Forget finished jobs after a while; the database keeps the outcome.
    setTimeout(() => {
      jobs.delete(importId);
      fs.rmSync(jobFile(importId), { force: true });
    }, KEEP_MS).unref();
  });
  return job;
}
