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
export function startWorker(name: "import-worker" | "parse-worker", options: WorkerOptions): Worker {
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
