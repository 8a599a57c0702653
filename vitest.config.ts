import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Unit and integration tests. The Remix plugin is left out on purpose (see ARCHITECTURE.md).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/unit/**/*.test.ts", "test/unit/**/*.test.tsx", "test/integration/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    env: { SESSION_SECRET: "test-session-secret-for-vitest-only", NODE_ENV: "test" },
  },
});
