import { fileURLToPath, URL } from "node:url";
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// The server (SmartShop.Server) listens here in development; `npm run mock` serves fixtures on the same port.
const server = process.env.SMARTSHOP_SERVER ?? "http://127.0.0.1:5080";

export default defineConfig({
  plugins: [vue()],
  define: {
    // vue-i18n feature flags: Composition API only, no devtools hooks in production bundles.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    // The server serves this folder at "/" with an SPA fallback to index.html.
    outDir: fileURLToPath(new URL("../SmartShop.Server/wwwroot", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: {
      "/api": { target: server, changeOrigin: true },
      "/hubs": { target: server, changeOrigin: true, ws: true },
      "/health": { target: server, changeOrigin: true },
    },
  },
  preview: {
    host: "127.0.0.1",
    port: 4173,
    proxy: {
      "/api": { target: server, changeOrigin: true },
      "/hubs": { target: server, changeOrigin: true, ws: true },
      "/health": { target: server, changeOrigin: true },
    },
  },
});
