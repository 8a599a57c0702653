// Bundles the import worker next to the server build (build/server/import-worker.js): the server
// starts it in a worker thread so that an import runs off the request path.
import { build } from "esbuild";

await build({
  entryPoints: ["app/services/import-worker.ts"],
  outfile: "build/server/import-worker.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
