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
  build: {
    target: "es2022",
    // Mantine's components and their helpers in one chunk: split per module, every page listed
    // ~40 of them as modulepreload links (each a request for the browser and markup for the server).
    rollupOptions: { output: { manualChunks: (id) => (/[\\/]node_modules[\\/](@mantine[\\/](core|hooks)|@floating-ui|react-remove-scroll|react-number-format|react-textarea-autosize|clsx|tslib|use-callback-ref|use-sidecar|get-nonce|react-style-singleton|aria-hidden|detect-node-es)[\\/]/.test(id) ? "mantine" : undefined) } },
  },
});
