import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db";
import { createUser } from "../../app/models/users.server";
import { recomputeHealth } from "../../app/services/health.server";
import { runImport } from "../../app/services/import.server";
import { defaultEndWeek, generateDataset } from "../../scripts/lib/dataset";
import { E2E_PASSWORD, E2E_USERS } from "./users";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForHealthy(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not answer /healthz within 30 s:\n${log()}`);
}

/** Starts the production build on a free port, against a fresh SQLite file with one user of each role. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync("build/server/index.js")) throw new Error("No production build: run `npm run build` first (npm test does).");
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) {
    throw new Error("Chromium is missing: apt-get install -y chromium (.ci/run does this).");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "affiliate-desk-e2e-"));
  const databaseUrl = `file:${path.join(dir, "e2e.db")}`;
  const database = openDatabase(databaseUrl);
  for (const u of E2E_USERS) await createUser(database, { ...u, password: E2E_PASSWORD });
  database.sqlite.close();
  // A small portfolio through the real importer: 40 affiliates, 10 weeks.
  const dataset = await generateDataset({ outDir: path.join(dir, "dataset"), endWeek: defaultEndWeek(new Date()), profile: "demo", affiliates: 40, weeks: 10, invitees: 3000, seed: "e2e" });
  for (const file of dataset.files) {
    const r = await runImport({ file, databaseUrl });
    if (r.status !== "imported") throw new Error(`e2e dataset: ${file} was ${r.status}`);
  }
  const scored = openDatabase(databaseUrl);
  recomputeHealth(scored);
  scored.sqlite.close();

  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      SESSION_SECRET: "e2e-session-secret-0123456789abcdef",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealthy(baseUrl, child, () => output);
  project.provide("baseUrl", baseUrl);
  project.provide("databaseUrl", databaseUrl);

  return async () => {
    if (child.exitCode !== null) console.error(`The server had exited (${child.exitCode}) before the end of the browser tests:\n${output}`);
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
