// Runs one import in a process of its own, for the benchmark: prints its result, wall time and
// the process's CPU time and peak resident memory (worker threads included) as JSON.
import { runImport } from "../../app/services/import.server";

const [file, force] = process.argv.slice(2);
const started = performance.now();
const result = await runImport({ file, force: force === "force" });
const ms = performance.now() - started;
const { errors: _e, warnings: _w, ...rest } = result;
const usage = process.resourceUsage();
console.log(
  JSON.stringify({ ...rest, wallMs: Math.round(ms), cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000), maxRssMb: Math.round(usage.maxRSS / 1024) }),
);
