// The HTTP server: the Remix request handler on express, with Vite's dev middleware in
// development and the built assets in production. It passes the client address to loaders
// and actions (sign-in rate limiting, the audit log).
//
// In production a primary process runs WEB_CONCURRENCY server processes (default: one per core)
// sharing the port (node:cluster), and replaces one that dies: server rendering is CPU work, and one Node process uses one core. Everything
// shared lives in the database (sessions, locks, the import records) or under DATA_DIR (uploads,
// the live progress of import jobs); each process keeps its own caches of derived figures.
import cluster from "node:cluster";
import os from "node:os";
import { setTimeout } from "node:timers";
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const production = process.env.NODE_ENV === "production";
if (production && !process.env.SESSION_SECRET) {
  console.error("SESSION_SECRET is required in production (a comma-separated list of long random strings). Refusing to start.");
  process.exit(1);
}

const processes = production ? Math.max(1, Number(process.env.WEB_CONCURRENCY) || os.availableParallelism()) : 1;
if (production && cluster.isPrimary) {
  // A page render allocates a few MB of short-lived objects; V8's default young generation
  // (16 MB semi-spaces) made the scavenger run every few requests and promote whatever was alive
  // at that moment, a fifth of the CPU time. 64 MB semi-spaces keep it to a few percent.
  cluster.setupPrimary({ execArgv: [...process.execArgv, "--max-semi-space-size=64"] });
  let stopping = false;
  const fork = () => cluster.fork().on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`server process exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  for (let i = 0; i < processes; i++) fork();
  const stop = (signal) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(`Affiliate Desk: ${processes} server processes`);
} else {
  await serve();
}

async function serve() {
  const viteDevServer = production
    ? undefined
    : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    app.use(express.static("build/client", { maxAge: "1h" }));
  }

  const build = viteDevServer
    ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build")
    : await import("./build/server/index.js");

  app.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );

  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || "0.0.0.0";
  app.listen(port, host, () => {
    if (cluster.isPrimary || cluster.worker?.id === 1) console.log(`Affiliate Desk ${production ? "" : "(development) "}listening on http://localhost:${port}`);
  });
}
