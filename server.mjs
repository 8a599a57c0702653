// The HTTP server: the Remix request handler on express, with Vite's dev middleware in
// development and the built assets in production. It passes the client address to loaders
// and actions (sign-in rate limiting, the audit log).
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const production = process.env.NODE_ENV === "production";
if (production && !process.env.SESSION_SECRET) {
  console.error("SESSION_SECRET is required in production (a comma-separated list of long random strings). Refusing to start.");
  process.exit(1);
}

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
  console.log(`Affiliate Desk ${production ? "" : "(development) "}listening on http://localhost:${port}`);
});
