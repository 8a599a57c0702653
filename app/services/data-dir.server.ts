import path from "node:path";

/** A path under DATA_DIR (uploads, rejected-row files, the live state of import jobs, scratch files). */
export function dataPath(...parts: string[]): string {
  return path.resolve(process.env.DATA_DIR || "./data", ...parts);
}
