// Bundles the worker threads next to the server build (build/server/import-worker.js,
// parse-worker.js, checkpoint-worker.js): an import runs off the request path, its parsing in a
// thread of its own, and a large import's checkpoint in another. The import benchmark bundles its
// child process with the same workers through bundleWorkers.
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/** The worker threads (startWorker's names) and their sources. */
export const WORKER_ENTRIES = {
  "import-worker": "app/services/import-worker.ts",
  "parse-worker": "app/services/parse-worker.ts",
  "checkpoint-worker": "app/services/checkpoint-worker.ts",
};

/** Bundles the worker threads, and any other entry points given, into `outdir` as the server build runs them. */
export function bundleWorkers(outdir, moreEntries = {}) {
  return build({
    entryPoints: { ...WORKER_ENTRIES, ...moreEntries },
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await bundleWorkers("build/server");
