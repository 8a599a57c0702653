import fs from "node:fs";
import path from "node:path";
import { processAlive } from "../models/imports.server";

/** A path under DATA_DIR (uploads, rejected-row files, the live state of import jobs, scratch files). */
export function dataPath(...parts: string[]): string {
  return path.resolve(process.env.DATA_DIR || "./data", ...parts);
}

/** Where imports keep their scratch directories (`import-PID-XXXXXX`). */
export function scratchRoot(): string {
  return dataPath("tmp");
}

/**
 * A scratch directory of this process under DATA_DIR/tmp. Those left by a process that no longer
 * runs (killed in the middle of an import: no `finally` ran) are removed first.
 */
export function makeScratchDir(): string {
  const root = scratchRoot();
  fs.mkdirSync(root, { recursive: true });
  for (const name of fs.readdirSync(root)) {
    const m = /^import-(\d+)-/.exec(name);
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
  return fs.mkdtempSync(path.join(root, `import-${process.pid}-`));
}
