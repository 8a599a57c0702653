import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Starts one of the app's worker threads: the bundle next to the server build
 * (build/server/NAME.js, made by scripts/build-worker.mjs), or the TypeScript source through tsx
 * (development, scripts and tests).
 */
export function startWorker(name: "import-worker" | "parse-worker" | "checkpoint-worker", options: WorkerOptions): Worker {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const built = path.join(dir, `${name}.js`);
    if (fs.existsSync(built)) return new Worker(built, options);
    for (const source of [path.join(dir, "app", "services", `${name}.ts`), path.join(dir, `${name}.ts`)]) {
      if (fs.existsSync(source)) return typeScriptWorker(source, options);
    }
    dir = path.dirname(dir);
  }
  throw new Error(`worker ${name} not found (run npm run build)`);
}

/** A worker running TypeScript source: tsx's loader is registered inside the worker first. */
function typeScriptWorker(source: string, options: WorkerOptions): Worker {
  const tsx = path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "esm", "api", "index.mjs");
  const code = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(source).href)}); });`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * A passive checkpoint of the database file `file` run by a thread of its own (checkpoint-worker),
 * so that this thread can go on meanwhile. Resolves when it is done; a checkpoint that fails, or a
 * thread that cannot start, resolves too: it only moves pages that are already safe in the log,
 * and a later one (SQLite's own, or the last connection's close) moves them instead.
 */
export function checkpointInThread(file: string): Promise<void> {
  let worker: Worker;
  try {
    worker = startWorker("checkpoint-worker", { workerData: { file } });
  } catch {
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    worker.once("message", () => resolve());
    worker.once("error", () => resolve());
    worker.once("exit", () => resolve());
  });
}
