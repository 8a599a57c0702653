// Bundles the worker threads next to the server build (build/server/import-worker.js,
// parse-worker.js, checkpoint-worker.js): an import runs off the request path, its parsing in a
// thread of its own, and a large import's checkpoint in another.
import { build } from "esbuild";

await build({
  entryPoints: { "import-worker": "app/services/import-worker.ts", "parse-worker": "app/services/parse-worker.ts", "checkpoint-worker": "app/services/checkpoint-worker.ts" },
  outdir: "build/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
