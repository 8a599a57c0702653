/**
 * Remix options. vite.config.ts imports this file and hands it to the Remix Vite plugin
 * (which does not read it by itself).
 * @type {import("@remix-run/dev").VitePluginConfig}
 */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/*.css"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    // The whole route manifest as one static, cached asset instead of a partial manifest worked out
    // (route matching, JSON) and written into every page: ~0.2 ms of a portfolio request and ~3 KB
    // of its HTML (docs/decisions/0011, sixth round). Thirty routes are nothing to load up front.
    v3_lazyRouteDiscovery: false,
  },
};
