// npm run demo: build, seed the demo portfolio once, and serve it on http://localhost:3000.
// The session secret is created once and kept in data/session-secret.
import { execSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const dataDir = path.resolve("data");
fs.mkdirSync(dataDir, { recursive: true });
const secretFile = path.join(dataDir, "session-secret");
if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, crypto.randomBytes(32).toString("hex"), { mode: 0o600 });
const env = { ...process.env, SESSION_SECRET: process.env.SESSION_SECRET || fs.readFileSync(secretFile, "utf8").trim() };

const run = (cmd) => execSync(cmd, { stdio: "inherit", env });
if (!fs.existsSync("build/server/index.js") || process.env.DEMO_REBUILD !== "0") run("npm run build");
run("npm run seed:demo");
const port = process.env.PORT || "3000";
console.log(`\nAffiliate Desk: http://localhost:${port} — demo accounts and password in the README.\n`);
const server = spawn(process.execPath, ["server.mjs"], { stdio: "inherit", env: { ...env, NODE_ENV: "production", PORT: port } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
