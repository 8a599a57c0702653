import type { ImportOptions, ImportProgress, ImportResult } from "./import.server";
import { startWorker } from "./workers.server";

/**
 * Imports started from the web run in a worker thread; this keeps their live progress for the
 * page to poll. The import's history record in the database is the lasting state.
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

export function getJob(importId: number): JobState | undefined {
  return jobs.get(importId);
}

export function startImportJob(importId: number, mode: JobState["mode"], opts: Omit<ImportOptions, "onProgress" | "importId" | "dryRun">) {
  const job: JobState = { importId, mode, progress: null, done: false, error: null, result: null, startedAt: Date.now() };
  jobs.set(importId, job);
  const worker = startWorker("import-worker", {
    workerData: { ...opts, importId, dryRun: mode === "validate", databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL },
  });
  worker.on("message", (m: { type: string; progress?: ImportProgress; result?: ImportResult; message?: string }) => {
    if (m.type === "progress") job.progress = m.progress!;
    else if (m.type === "done") {
      job.done = true;
      job.result = { status: m.result!.status };
    } else if (m.type === "error") {
      job.done = true;
      job.error = m.message ?? "The import failed.";
    }
  });
  worker.on("error", (error) => {
    job.done = true;
    job.error = error.message;
  });
  worker.on("exit", () => {
    job.done = true;
    // Forget finished jobs after a while; the database keeps the outcome.
    setTimeout(() => jobs.delete(importId), 10 * 60_000).unref();
  });
  return job;
}

