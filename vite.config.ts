import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixConfig), tsconfigPaths()],
  server: { port: 3000 },
  ssr: { noExternal: [] },
  // Pre-bundled up front: discovered on a first page load, they made Vite re-optimise and load a second React (dev only).
  optimizeDeps: { include: ["@mantine/charts", "recharts", "react-markdown", "@hello-pangea/dnd", "@mantine/spotlight", "@mantine/dates", "@mantine/dropzone"] },
  build: { target: "es2022" },
});
